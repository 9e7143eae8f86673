// Benchmark: what recording served predictions (predict.record, issue 18) costs `spm serve`'s
// single-row latency. Two servers on one store's copy, recording on (the default) and off
// (-S predict.record=false), each given single-row POST /v1/predict at a steady 200 requests/s
// (open loop, as bench/serve.mjs: latency counts from each request's scheduled time) in short
// windows that alternate between the two, so that a change in the machine's speed falls on both.
// Medians over the windows of each one's p50 and p99.
// Usage: node bench/serve-record.mjs [--windows N] [--seconds S]   (writes the "serve-record" section of BENCHMARKS.md)
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, arg, benchWorkspace, loadWatch, machine, measure, median, today, writeSection, BENCH_ENV } from './lib.mjs';

const windows = arg('--windows', 8);
const seconds = arg('--seconds', 5);
const RATE = 200;
const node = process.execPath;
const load = loadWatch();
const { dir, bin: BIN, built } = benchWorkspace('serve-record');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
measure(node, [BIN, 'run', '-q'], { cwd: dir, allowExit: [0, 4] });

async function start(record) {
  const server = spawn(node, [BIN, 'serve', '--port', '0', '--json', '-S', `predict.record=${record}`], { cwd: dir, env: BENCH_ENV, stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    server.once('exit', (code) => reject(new Error(`spm serve exited ${code}`)));
  });
  return { server, url: new URL(ready.url) };
}

// One student with its id, as a client would send it.
const [header, first] = readFileSync(join(dir, 'data', 'students.csv'), 'utf8').split('\n');
const names = header.split(',');
const record = Object.fromEntries(first.split(',').map((v, i) => [names[i], /^\d+$/.test(v) ? Number(v) : v]));
delete record.math_score;
const body = JSON.stringify([record]);

/** Open loop at RATE requests/s for `secs` seconds against `url`: p50 and p99 (ms) from each request's scheduled time. */
async function paced(url, secs) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = RATE * secs;
  const latencies = new Float64Array(total);
  let failed = 0;
  const one = (i, due) =>
    new Promise((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: '/v1/predict', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failed++;
          latencies[i] = performance.now() - due;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        latencies[i] = performance.now() - due;
        resolve();
      });
      req.end(body);
    });
  const t0 = performance.now() + 50;
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait - 1));
    while (performance.now() < due);
    pending.push(one(i, due));
  }
  await Promise.all(pending);
  agent.destroy();
  if (failed) throw new Error(`${failed} requests failed`);
  const sorted = Float64Array.from(latencies).sort();
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: q(0.5), p99: q(0.99) };
}

const on = await start(true);
const off = await start(false);
await paced(on.url, 2); // warm-up
await paced(off.url, 2);
const results = { on: [], off: [] };
for (let w = 0; w < windows; w++) {
  const order = w % 2 ? ['off', 'on'] : ['on', 'off'];
  for (const which of order) results[which].push(await paced(which === 'on' ? on.url : off.url, seconds));
}
on.server.kill('SIGTERM');
off.server.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 1500));
const store = join(dir, 'artifacts', 'predictions');
const batches = existsSync(store) ? readdirSync(store).length : 0;
if (batches === 0) throw new Error('the recording server stored no batch');
const m = (which, key) => median(results[which].map((r) => r[key]));
const ms = (x) => `${x.toFixed(2)} ms`;
const busy = load.note();
writeSection(
  'serve-record',
  `## Serving with recorded predictions (predict.record)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command: \`node bench/serve-record.mjs --windows ${windows} --seconds ${seconds}\`.
Single-row POST /v1/predict (JSON, one student with its id) at a steady ${RATE} requests/s, open loop, to two servers of
the default model — recording on and off — in ${windows} alternating windows of ${seconds} s each; medians over the windows.
The recording server wrote ${batches} predictions batch(es) (a flush every 2 s, off the request path).

| predict.record | p50 | p99 |
|---|---|---|
| false | ${ms(m('off', 'p50'))} | ${ms(m('off', 'p99'))} |
| true (default) | ${ms(m('on', 'p50'))} | ${ms(m('on', 'p99'))} |
${busy}`,
);
console.log(`off: p50 ${ms(m('off', 'p50'))} p99 ${ms(m('off', 'p99'))}`);
console.log(`on:  p50 ${ms(m('on', 'p50'))} p99 ${ms(m('on', 'p99'))} (${batches} batches)`);
