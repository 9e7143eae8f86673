// The packed package as a user installs it: `npm pack`, then `npm i ./spm-ml-x.y.z.tgz` in an
// empty folder (time and size of node_modules), then `spm synth` and `npx spm run` there on a
// two-line params file. Needs `npm run build` first. Usage: node bench/install.mjs [--runs N]
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packAndInstall, TWO_LINE_PARAMS } from '../scripts/pack-install.mjs';
import { arg, fmt, machine, median, today, writeSection } from './lib.mjs';

const runs = arg('--runs', 3);
const installs = [];
let run;
for (let i = 0; i < runs; i++) {
  const installed = packAndInstall();
  installs.push(installed);
  if (i === runs - 1) {
    writeFileSync(join(installed.dir, 'params.yaml'), TWO_LINE_PARAMS);
    const npx = (args) => execFileSync('npx', ['--no-install', ...args], { cwd: installed.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    npx(['spm', 'synth', '-o', 'data/students.csv']);
    const started = performance.now();
    const out = npx(['spm-ml', 'run', '--json']);
    run = { seconds: (performance.now() - started) / 1000, doc: JSON.parse(out) };
  }
}
// `du -sh` as the issue measures it (disk blocks, so a little above the file bytes).
const du = execFileSync('du', ['-sh', join(installs[0].dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0];
for (const i of installs) rmSync(i.dir, { recursive: true, force: true });
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const seconds = installs.map((i) => i.seconds);
writeSection(
  'install',
  `## Install from the packed tarball

Measured ${today()} on ${machine()}; ${runs} installs, command: \`node bench/install.mjs --runs ${runs}\`
(\`npm pack\`, then \`npm i ./${installs[0].tarball.split(/[\\/]/).pop()}\` in an empty folder with the registry reachable).

| what | median | min | target |
|---|---|---|---|
| \`npm i ./spm-ml-x.y.z.tgz\` into an empty folder | ${fmt(median(seconds))} | ${fmt(Math.min(...seconds))} | ≤ 10 s |
| size of its \`node_modules\`: file bytes; \`du -sh\` | ${mb(installs[0].bytes)}; ${du} | — | ≤ 10 MB |
| \`npx spm-ml run\` there, two-line params, 1,000 rows (after \`spm synth -o data/students.csv\`) | ${fmt(run.seconds)} (one run) | — | — |

The run built ${run.doc.stages.map((s) => s.stage).join(', ')}; gates passed: ${run.doc.passed}. The package has no
runtime dependencies: everything it runs is bundled in \`dist/\`.`,
);
console.log(`install median ${fmt(median(seconds))}, node_modules ${mb(installs[0].bytes)}, run ${fmt(run.seconds)}`);
