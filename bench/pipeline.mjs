// Benchmark: `spm run` cold (nothing cached) and warm (everything cached), and start-up
// (`--version`, `--help`), on the default data and params. SPEC §8 targets: cold ≤ 5 s,
// cached ≤ 0.3 s, start-up ≤ 0.15 s, on a 2-core machine.
// Usage: node bench/pipeline.mjs [--runs N]     (writes the "pipeline" section of BENCHMARKS.md)
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, benchWorkspace, SANDBOX_ENV, fmt, machine, measure, repeat, today, writeSection } from './lib.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const { dir, bin: BIN } = benchWorkspace('pipeline');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
const node = process.execPath;

const cold = repeat(runs, () => {
  rmSync(join(dir, 'artifacts'), { recursive: true, force: true });
  rmSync(join(dir, 'spm.lock'), { force: true });
  return measure(node, [BIN, 'run', '-q'], { cwd: dir });
});
const warm = repeat(runs * 2, () => measure(node, [BIN, 'run', '-q'], { cwd: dir }));
const version = repeat(runs * 2, () => measure(node, [BIN, '--version'], { cwd: dir }));
const help = repeat(runs * 2, () => measure(node, [BIN, '--help'], { cwd: dir }));
const bare = repeat(runs * 2, () => measure(node, ['-e', '0'], { cwd: dir }));
const bareSandbox = repeat(runs * 2, () => measure(node, ['-e', '0'], { cwd: dir, env: SANDBOX_ENV }));
const warmSandbox = repeat(runs * 2, () => measure(node, [BIN, 'run', '-q'], { cwd: dir, env: SANDBOX_ENV }));
rmSync(dir, { recursive: true, force: true });

const row = (what, cmd, r, target) => `| ${what} | \`${cmd}\` | ${fmt(r.median)} | ${fmt(r.min)} | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '—'} | ${target} |`;
const table = `## Pipeline and start-up

Measured ${today()} on ${machine()}; ${runs} cold runs, ${runs * 2} of the others; command:
\`node bench/pipeline.mjs --runs ${runs}\` (default data/students.csv, 1,000 rows, default params.yaml).

| what | command | median | min | peak RSS | target (SPEC §8) |
|---|---|---|---|---|---|
${row('run, nothing cached', 'spm run', cold, '≤ 5 s')}
${row('run, everything cached', 'spm run', warm, '≤ 0.3 s')}
${row('version', 'spm --version', version, '≤ 0.15 s')}
${row('help', 'spm --help', help, '≤ 0.15 s')}
${row('Node itself, for reference', 'node -e 0', bare, '—')}

Commands run without \`NODE_EXTRA_CA_CERTS\`. This sandbox sets it, and then every Node process
parses a certificate bundle before running any code: \`node -e 0\` takes ${fmt(bareSandbox.median)}
instead of ${fmt(bare.median)}, and a cached \`spm run\` ${fmt(warmSandbox.median)}. The difference is Node's,
paid before spm's first line runs; a machine without the variable does not pay it.
`;
writeSection('pipeline', table);
console.log(table);
