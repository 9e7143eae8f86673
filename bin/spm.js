#!/usr/bin/env node
// The spm executable: everything lives in the built CLI (src/cli/main.ts → dist/main.js).
import('../dist/main.js').then(
  ({ main }) => main(process.argv),
  (error) => {
    process.stderr.write(`spm is not built (${error.code ?? error.message}): run \`npm install\` or \`npm run build\` in the spm folder\n`);
    process.exitCode = 70;
  },
);
