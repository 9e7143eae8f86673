/**
 * `spm predict --shard i/n` and `--merge` (src/scoring/predict-shard.ts, merge-shards.ts): for n
 * in 1..8 and inputs with quoted line breaks, rejects, CRLF, a byte order mark and a stray quote,
 * the merged parts are the bytes of one local predict, rejects included (the file's own line
 * numbers), and scored + rejected = rows. The command's refusals show their messages.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScoring, type LoadedScoring } from '../../src/pipeline/resolve.js';
import { openWorkspace } from '../../src/pipeline/workspace.js';
import { mergeShards } from '../../src/scoring/merge-shards.js';
import { predictFile } from '../../src/scoring/predict-file.js';
import { parseShard, predictShard } from '../../src/scoring/predict-shard.js';
import { rejectedSpmError, thrownSpmError } from '../helpers/errors.js';
import { runCli, trainedWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
let scoring: LoadedScoring;
beforeAll(async () => {
  ws = await trainedWorkspace(undefined, 300);
  const synth = await runCli(['synth', '-o', 'cohort.csv', '--rows', '400', '--seed', '7'], { cwd: ws.dir });
  expect(synth.code).toBe(0);
  const cwd = process.cwd();
  process.chdir(ws.dir);
  try {
    scoring = await loadScoring(await openWorkspace({ set: [] }), 'latest');
  } finally {
    process.chdir(cwd);
  }
}, 120_000);
afterAll(() => ws?.cleanup());

/** The synth cohort made awkward: quoted line breaks and quotes, short rows (rejects), optionally CRLF, a BOM, a stray quote. */
function variant(name: string, o: { crlf?: boolean; bom?: boolean; stray?: boolean }): string {
  const lines = readFileSync(ws.path('cohort.csv'), 'utf8').trimEnd().split('\n');
  const out = lines.map((line, i) => {
    if (i === 0) return line;
    const f = line.split(',');
    if (i % 7 === 0) f[2] = `"${f[2]}\nwith a break"`; // a quoted line break inside a category
    if (i % 11 === 0) f[3] = `"say ""${f[3]}"""`;
    if (i % 13 === 0) return f.slice(0, 4).join(','); // too few fields: rejected
    if (o.stray && i === 150) f[1] = `x"${f[1]}`; // not RFC 4180 from here on
    return f.join(',');
  });
  const text = (o.bom ? '\uFEFF' : '') + out.join(o.crlf ? '\r\n' : '\n') + (o.crlf ? '\r\n' : '\n');
  writeFileSync(ws.path(name), text);
  return ws.path(name);
}

const base = (input: string, output: string) => ({ input, output, explain: false, threshold: scoring.threshold });
const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '<none>');

describe('predict in shards', () => {
  it('for n in 1..8, merged shards are the bytes of one predict, rejects with the file line numbers', async () => {
    const variants = {
      plain: variant('plain.csv', {}),
      crlf_bom: variant('crlf.csv', { crlf: true, bom: true }),
      stray_quote: variant('stray.csv', { stray: true }),
    };
    for (const [label, input] of Object.entries(variants)) {
      const local = await predictFile(scoring.pipeline, base(input, ws.path(`${label}-local.csv`)));
      expect(local.rejected, label).toBeGreaterThan(0);
      for (let n = 1; n <= 8; n++) {
        const parts: string[] = [];
        for (let i = 1; i <= n; i++) {
          const part = ws.path(`${label}-${n}-part-${i}.csv`);
          await predictShard(scoring.pipeline, { ...base(input, part), shard: { index: i, count: n }, model: scoring.trainId });
          parts.push(part, `${part.slice(0, -4)}.rejects.csv`); // as a glob part-*.csv gives them
        }
        const merged = await mergeShards({ parts: parts.reverse(), output: ws.path(`${label}-${n}.csv`) });
        const what = `${label}, n=${n}`;
        expect(read(ws.path(`${label}-${n}.csv`)), what).toBe(read(ws.path(`${label}-local.csv`)));
        expect(read(ws.path(`${label}-${n}.rejects.csv`)), what).toBe(read(ws.path(`${label}-local.rejects.csv`)));
        expect([merged.rows, merged.scored, merged.rejected], what).toEqual([local.rows, local.scored, local.rejected]);
        expect(merged.scored + merged.rejected).toBe(merged.rows);
        expect(merged.unseen_categories, what).toEqual(local.unseen_categories);
      }
    }
  }, 120_000);

  it('refuses parts that do not make one whole, saying which', async () => {
    const input = variant('whole.csv', {});
    const part = (i: number, n: number) => ws.path(`w-${n}-${i}.csv`);
    for (const [i, n] of [[1, 3], [2, 3], [3, 3], [1, 2]] as const)
      await predictShard(scoring.pipeline, { ...base(input, part(i, n)), shard: { index: i, count: n }, model: scoring.trainId });
    const merge = (parts: string[]) => rejectedSpmError(mergeShards({ parts, output: ws.path('w.csv') }));
    expect((await merge([part(1, 3), part(3, 3)])).message).toBe('shard 2/3 is missing');
    expect((await merge([part(1, 3), part(2, 3), part(2, 3), part(3, 3)])).message).toBe(`shard 2/3 is given twice: ${part(2, 3)} and ${part(2, 3)}`);
    expect((await merge([part(1, 3), part(2, 3), part(1, 2)])).message).toBe(`${part(1, 2)} is shard 1/2, ${part(1, 3)} is of 3`);
    const stranger = await merge([part(1, 3), ws.path('plain.csv')]);
    expect(stranger.code).toBe('SHARD_MISMATCH');
    expect(stranger.message).toBe(`${ws.path('plain.csv')} is not a part written by spm predict --shard (no ${ws.path('plain.csv')}.shard.json beside it)`);
    expect(stranger.hint).toBe('give --merge every part of one run: spm predict --merge part-*.csv -o out.csv');
    expect(existsSync(ws.path('w.csv'))).toBe(false); // nothing half-written
  });

  it('rejects a malformed --shard and inputs it cannot cut', async () => {
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0'])
      expect(thrownSpmError(() => parseShard(bad)).message, bad).toBe(`--shard ${bad}: expected I/N with 1 ≤ I ≤ N (the I-th of N parts, counted from 1)`);
    expect(parseShard('3/16')).toEqual({ index: 3, count: 16 });
    const shard = { shard: { index: 1, count: 2 }, model: scoring.trainId };
    expect((await rejectedSpmError(predictShard(scoring.pipeline, { ...base('-', ws.path('p.csv')), ...shard }))).message).toBe('--shard needs -i FILE: stdin cannot be cut into byte ranges');
    expect((await rejectedSpmError(predictShard(scoring.pipeline, { ...base(ws.path('plain.csv'), '-'), ...shard }))).message).toBe('--shard needs -o FILE.csv: the parts are CSV files that --merge joins');
    // A problem of the data is told with the user's file name, as one predict tells it (not the shard's temporary copy).
    writeFileSync(ws.path('lacking.csv'), 'student_id,gender\nS1,male\nS2,female\n');
    const local = await rejectedSpmError(predictFile(scoring.pipeline, base(ws.path('lacking.csv'), ws.path('l.csv'))));
    const sharded = await rejectedSpmError(predictShard(scoring.pipeline, { ...base(ws.path('lacking.csv'), ws.path('l.csv')), ...shard }));
    expect(local.message).toContain(ws.path('lacking.csv'));
    expect([sharded.code, sharded.message, sharded.hint]).toEqual([local.code, local.message, local.hint]);
  });

  it('works from the command line: --shard i/n parts, then --merge over a glob-like list', async () => {
    const input = variant('cli.csv', {});
    const local = await runCli(['predict', '-i', 'cli.csv', '-o', 'cli-local.csv', '-q'], { cwd: ws.dir });
    expect(local.code).toBe(0);
    for (const i of [1, 2, 3]) expect((await runCli(['predict', '-i', input, '--shard', `${i}/3`, '-o', `cli-part-0${i}.csv`, '-q'], { cwd: ws.dir })).code).toBe(0);
    const merged = await runCli(['predict', '--merge', 'cli-part-03.csv', 'cli-part-01.csv', 'cli-part-02.csv', 'cli-part-01.rejects.csv', '-o', 'cli-merged.csv', '--json'], { cwd: ws.dir });
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ shards: 3, model: scoring.trainId, output: 'cli-merged.csv' });
    expect(read(ws.path('cli-merged.csv'))).toBe(read(ws.path('cli-local.csv')));
    expect(read(ws.path('cli-merged.rejects.csv'))).toBe(read(ws.path('cli-local.rejects.csv')));
    const bad = await runCli(['predict', '-i', 'cli.csv', '--shard', '4/3', '-o', 'x.csv'], { cwd: ws.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard 4/3: expected I/N with 1 ≤ I ≤ N');
  }, 120_000);
});
