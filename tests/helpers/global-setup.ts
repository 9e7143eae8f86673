/** Says once, at the top of the run, when the tests on the real datasets are skipped. */
import { hasSharedData, SHARED_DATA } from './workspace.js';

export default function setup(): void {
  if (!hasSharedData) {
    process.stdout.write(
      `\nnote: ${SHARED_DATA} is absent, so the tests on the real public datasets (stud.csv, students_data.csv) are skipped;\n` +
        '      every other test runs on spm synth data and inline fixtures.\n\n',
    );
  }
}
