#!/usr/bin/env node
// The spm executable: everything lives in the built CLI (src/cli/main.ts → dist/cli/main.js).
import('../dist/cli/main.js').then(
  ({ main }) => main(process.argv),
  (error) => {
    process.stderr.write(`spm is not built (${error.code ?? error.message}): run \`npm install\` or \`npm run build\` in the spm folder\n`);
    process.exitCode = 70;
  },
);
