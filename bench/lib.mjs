// Shared benchmark helpers: time a command several times (wall clock and peak RSS via
// /usr/bin/time), describe the machine, and write a section of bench/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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
  return {
    runs,
    median: median(results.map((r) => r.seconds)),
    min: Math.min(...results.map((r) => r.seconds)),
    rssMb: Math.max(...results.map((r) => r.rssMb ?? 0)) || null,
  };
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
