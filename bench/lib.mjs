// Shared benchmark helpers: time a command several times (wall clock and peak RSS via
// /usr/bin/time), describe the machine, and write a section of bench/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/spm.js`;
const BENCHMARKS = `${ROOT}bench/BENCHMARKS.md`;

/**
 * The environment commands are measured in: this one without NODE_EXTRA_CA_CERTS, which some
 * sandboxes set and which makes every Node start parse a certificate bundle (~0.1 s here),
 * a cost no user's `spm` pays unless their machine sets it too. `SANDBOX_ENV` keeps it.
 */
export const BENCH_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));
export const SANDBOX_ENV = process.env;

/**
 * mulberry32: a tiny seeded PRNG, uniform in [0, 1), for generated bench data and for the tests'
 * "random" moments and offsets (tests/helpers/prng.ts), the same on every run.
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `cmd args` once; returns wall seconds and peak RSS in MB. Throws on a non-zero exit. */
export function measure(cmd, args, { cwd, allowExit = [0], input, env = BENCH_ENV } = {}) {
  const useTime = existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const opts = { cwd, encoding: 'utf8', maxBuffer: 1 << 30, input, env };
  const res = useTime ? spawnSync('/usr/bin/time', ['-f', '__RSS_KB=%M', cmd, ...args], opts) : spawnSync(cmd, args, opts);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!allowExit.includes(res.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}:\n${res.stderr}`);
  const kb = /__RSS_KB=(\d+)/.exec(res.stderr ?? '');
  return { seconds, rssMb: kb ? Number(kb[1]) / 1024 : null, stdout: res.stdout, stderr: res.stderr };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `setup` then `measure` `runs` times; returns median and min seconds and max RSS. */
export function repeat(runs, fn) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(fn(i));
  return summarize(results);
}

/** Median and min seconds, and the largest peak RSS, of measured runs. */
export function summarize(results) {
  return {
    runs: results.length,
    median: median(results.map((r) => r.seconds)),
    min: Math.min(...results.map((r) => r.seconds)),
    rssMb: Math.max(...results.map((r) => r.rssMb ?? 0)) || null,
  };
}

/**
 * This kind of machine changes speed by up to 2× over minutes (a noisy host): a fixed JS loop's
 * time, taken at the start and the end of a bench, shows how fast it was.
 */
export function speedProbe() {
  const t0 = process.hrtime.bigint();
  let s = 0;
  for (let i = 0; i < 3e8; i++) s += i % 7;
  if (s < 0) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

export const today = () => new Date().toISOString().slice(0, 10);

export const fmt = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);

/** Replaces (or appends) the section between `<!-- bench:NAME -->` markers in BENCHMARKS.md. */
export function writeSection(name, markdown) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const next = text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(BENCHMARKS, next);
}

/** A numeric command-line option: `--rows 1000000`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** Records the load average now; `note()` says, for the write-up, whether the machine was busy. */
export function loadWatch() {
  const start = loadavg();
  return {
    start,
    note() {
      const end = loadavg();
      this.end = end;
      // This kind of machine idles at a load average of 1.2-1.5 (kernel threads, no user work):
      // only a load above the core count means other work competed with the benchmark.
      return Math.max(start[0], end[0]) > cpus().length
        ? `\nThe machine was busy (load average above ${cpus().length} on ${cpus().length} cores): wall times are pessimistic, and only figures measured side by side compare; re-run on an idle machine.\n`
        : '';
    },
  };
}

export /**
 * A private copy of the built CLI (bin/, dist/, package.json) in `into`: other work on the same
 * checkout may rebuild dist/ while this runs, which would break a run or mix two builds'
 * figures. Copies a build whose files are at least a second old and unchanged by the copy.
 */
function snapshotCli(into) {
  const newest = () => {
    try {
      return Math.max(...readdirSync(join(ROOT, 'dist')).map((f) => statSync(join(ROOT, 'dist', f)).mtimeMs));
    } catch {
      return null; // dist/ is being rebuilt
    }
  };
  for (let attempt = 0; attempt < 60; attempt++) {
    const before = newest();
    if (before !== null && Date.now() - before > 1000) {
      rmSync(into, { recursive: true, force: true });
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(into, part), { recursive: true });
      const bin = join(into, 'bin', 'spm.js');
      if (newest() === before && spawnSync(process.execPath, [bin, '--version'], { env: BENCH_ENV }).status === 0) {
        return { bin, built: new Date(before).toISOString().replace(/\.\d+Z$/, 'Z') };
      }
    }
    spawnSync('sleep', ['2']);
  }
  throw new Error('dist/ is missing or keeps changing: run `npm run build`, then this script again');
}

/**
 * A benchmark's own temporary folder, removed when the script exits, holding a private copy
 * of the built CLI (see snapshotCli): `{ dir, bin, built }`.
 */
export function benchWorkspace(name) {
  const dir = mkdtempSync(join(tmpdir(), `spm-bench-${name}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { dir, ...snapshotCli(join(dir, 'cli')) };
}
