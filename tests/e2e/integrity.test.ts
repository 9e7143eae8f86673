/**
 * Integrity and path traversal (issue 7, item 3), end to end on the built CLI.
 *
 * "Every artifact read is verified against its manifest; a changed byte is exit 1 naming the
 * file and the command that rebuilds it. Refs and aliases cannot point outside the store."
 *
 * One workspace is built where every artifact kind exists (ingest, transform, train, evaluate
 * with segments, drift). Each case works on a fresh copy of it: one output file (or one
 * manifest) is damaged — a byte flipped at a seeded-random offset, the file truncated, a byte
 * appended, the file deleted — and a command that reads that file must then exit 1, name the
 * file, give a hint naming an `spm` command, print no stack trace; following the hint must
 * repair the store. The traversal cases put a decoy version outside the store, where a
 * command that followed a `../` would find a complete, valid version and succeed: so exit 0
 * is exactly what reading outside the store looks like.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { prng } from '../helpers/prng.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, SMALL_PARAMS, trainedWorkspace, type CliResult, type Workspace } from '../helpers/workspace.js';

const PARAMS = `${SMALL_PARAMS}segments:\n  features: [reading_score, writing_score]\n`;
const SEED = 0x1f7;


/** A seed per case name, so adding a case does not move the offsets of the others. */
const seedOf = (name: string): number => createHash('sha256').update(`${SEED}:${name}`).digest().readUInt32LE(0);

// ---------------------------------------------------------------------------------------------
// The store, as its manifests describe it.

interface Version {
  readonly stage: string;
  readonly id: string;
  readonly dir: string;
  readonly outputs: readonly string[];
}

/** Every complete version in a store folder, with the outputs its manifest lists. */
function walkStore(root: string): Version[] {
  const versions: Version[] = [];
  for (const stage of readdirSync(root).sort()) {
    if (stage.startsWith('.') || !statSync(join(root, stage)).isDirectory()) continue;
    for (const id of readdirSync(join(root, stage)).sort()) {
      const dir = join(root, stage, id);
      if (!existsSync(join(dir, 'manifest.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { outputs: { path: string }[] };
      versions.push({ stage, id, dir, outputs: manifest.outputs.map((o) => o.path) });
    }
  }
  return versions;
}

/** path → sha256 of every file under `dir`, to show that a failed command wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Which command reads which file (found in src/: store.readJson / verifiedPath / readManifest
// callers; at most two per file, to keep this file fast). The first reader of each file is the
// one every kind of damage is tried with; a flipped byte is tried with all of them.

type Ids = Readonly<Record<string, string>>;
type Reader = (ids: Ids) => readonly string[];

const PREDICT: Reader = () => ['predict', '-i', 'new.csv', '-o', 'scored.csv'];
const REPORT: Reader = () => ['report', '-o', 'report.html'];
const SERVE: Reader = () => ['serve', '--port', '0', '--json'];
const cmd = (...argv: string[]): Reader => () => argv;

const READERS: Readonly<Record<string, readonly Reader[]>> = {
  'ingest/schema.json': [cmd('transform', '--force'), PREDICT],
  'ingest/train.csv': [cmd('transform', '--force'), cmd('drift', '-i', 'new.csv')],
  'ingest/test.csv': [cmd('evaluate', '--force'), cmd('analyze')],
  'ingest/profile.json': [REPORT],
  'transform/transformer.json': [cmd('train', '--force'), PREDICT],
  'train/model.json': [PREDICT, SERVE],
  'train/cv_results.json': [cmd('train'), REPORT],
  'evaluate/metrics.json': [cmd('metrics', 'show'), SERVE],
  'evaluate/segments.json': [PREDICT, REPORT],
  'drift/drift.json': [REPORT],
};

/**
 * Outputs no command reads back (written for people to open: rows rejected at ingest and
 * their grouped problems, and how each data file was read). Listed so that a new output kind cannot slip past this file.
 */
const WRITE_ONLY = ['ingest/rejects.csv', 'ingest/sources.json', 'ingest/validation.json'];

/** A reader of each stage's manifest.json (an evaluate REF makes predict follow its lineage). */
const MANIFEST_READERS: Readonly<Record<string, Reader>> = {
  ingest: cmd('transform', '--force'),
  transform: cmd('train', '--force'),
  train: PREDICT,
  evaluate: (ids) => ['predict', '-i', 'new.csv', '-o', 'scored.csv', '--model', ids.evaluate!],
  drift: REPORT,
};

// ---------------------------------------------------------------------------------------------
// Running readers and checking what people see.

/**
 * `spm serve` that fails exits by itself; one that starts prints its ready line (`--json`):
 * it is stopped then, and reported with code -2 ("started").
 */
function runServe(argv: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (!started && stdout.includes('"url"')) {
        started = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: started ? -2 : (code ?? -1), stdout, stderr });
    });
  });
}

const runIn = (ws: Workspace, argv: readonly string[]): Promise<CliResult> => (argv[0] === 'serve' ? runServe(argv, ws.dir) : runCli(argv, { cwd: ws.dir }));

const HINT = /^ {2}hint: .*?`(spm [^`]+)`/m;
const STACK = /^\s+at .+:\d+:\d+\)?$|internal error/m;

const show = (argv: readonly string[], r: CliResult): string => `spm ${argv.join(' ')} → exit ${r.code}\nstderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(0, 2000)}`;

/** Exit 1, the damaged file named by its path, a hint naming an `spm` command, no stack trace. */
function expectDamageReported(argv: readonly string[], r: CliResult, file: string): string {
  const context = show(argv, r);
  expect(r.code, context).toBe(1);
  expect(r.stderr, context).toContain(file);
  expect(r.stderr, context).toMatch(HINT);
  expect(`${r.stderr}${r.stdout}`, context).not.toMatch(STACK);
  return HINT.exec(r.stderr)![1]!;
}

/** A refused command: exit 1 or 2 with one error message for people, and no stack trace. */
function expectRefused(argv: readonly string[], r: CliResult): void {
  const context = show(argv, r);
  expect([1, 2], context).toContain(r.code);
  expect(r.stderr, context).toMatch(/^(spm: )?error: /m);
  expect(`${r.stderr}${r.stdout}`, context).not.toMatch(STACK);
}

/** Runs the command a hint names, then the reader again: the store must be whole again. */
async function expectHintRepairs(ws: Workspace, hint: string, reader: readonly string[]): Promise<void> {
  // A drift report is rebuilt by checking its batch again: the hint says BATCH, the template's batch is new.csv.
  const argv = hint.split(/\s+/).slice(1).map((a) => (a === 'BATCH' ? 'new.csv' : a));
  const fix = await runCli(argv, { cwd: ws.dir });
  expect(fix.code, `the hint \`${hint}\` should rebuild the damaged version\n${show(argv, fix)}`).toBe(0);
  const again = await runIn(ws, reader);
  expect([0, 3], `after \`${hint}\`, the reader should work again\n${show(reader, again)}`).toContain(again.code);
}

// ---------------------------------------------------------------------------------------------
// The workspace with every artifact kind, and fresh copies of it.

let template: Workspace;
let versions: Version[];
let ids: Record<string, string>;
const copies: string[] = [];

function copyOfTemplate(): Workspace {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'spm-integrity-')));
  copies.push(dir);
  cpSync(template.dir, dir, { recursive: true });
  return {
    dir,
    path: (rel) => join(dir, rel),
    write: (rel, content) => writeFileSync(join(dir, rel), content),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const versionOf = (stage: string): Version => {
  const found = versions.filter((v) => v.stage === stage);
  expect(found, `one ${stage} version in the template`).toHaveLength(1);
  return found[0]!;
};

beforeAll(async () => {
  template = await trainedWorkspace(PARAMS, 300);
  const synth = await runCli(['synth', '-o', 'new.csv', '--rows', '200', '--seed', '7'], { cwd: template.dir });
  expect(synth.code, synth.stderr).toBe(0);
  const drift = await runCli(['drift', '-i', 'new.csv', '-q'], { cwd: template.dir });
  expect([0, 3], drift.stderr).toContain(drift.code);
  versions = walkStore(template.path('artifacts'));
  ids = Object.fromEntries(versions.map((v) => [v.stage, v.id]));
}, 60_000);

afterAll(() => {
  template?.cleanup();
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('the template store', () => {
  it('has every artifact kind, and every output its manifests list has a reader here (or is write-only)', () => {
    expect(versions.map((v) => v.stage).sort()).toEqual(['drift', 'evaluate', 'ingest', 'train', 'transform']);
    const listed = versions.flatMap((v) => v.outputs.map((o) => `${v.stage}/${o}`)).sort();
    expect(listed).toEqual([...Object.keys(READERS), ...WRITE_ONLY].sort());
  });
});

type Damage = 'flip' | 'truncate' | 'append' | 'delete';
const PAST: Readonly<Record<Damage, string>> = { flip: 'a flipped byte', truncate: 'truncated', append: 'a byte appended', delete: 'deleted' };

/** Damages `path` as `damage` says, with offsets and bytes drawn from `rng`; returns what was done. */
function damageFile(path: string, damage: Damage, rng: () => number): string {
  const bytes = readFileSync(path);
  switch (damage) {
    case 'flip': {
      const at = Math.floor(rng() * bytes.length);
      const mask = 1 + Math.floor(rng() * 255);
      bytes[at] = bytes[at]! ^ mask;
      writeFileSync(path, bytes);
      return `byte ${at} of ${bytes.length} xor 0x${mask.toString(16)}`;
    }
    case 'truncate': {
      const to = Math.floor(rng() * bytes.length);
      truncateSync(path, to);
      return `truncated from ${bytes.length} to ${to} bytes`;
    }
    case 'append': {
      const byte = Math.floor(rng() * 256);
      appendFileSync(path, Buffer.from([byte]));
      return `appended 0x${byte.toString(16)}`;
    }
    case 'delete':
      unlinkSync(path);
      return 'deleted';
  }
}

describe.concurrent('a damaged output is exit 1 naming the file and the command that rebuilds it', () => {
  for (const [key, readers] of Object.entries(READERS)) {
    const [stage, file] = key.split('/') as [string, string];
    it(`${key}: a flipped byte, seen by every reader; the hint repairs it`, async () => {
      const ws = copyOfTemplate();
      const path = join(ws.dir, 'artifacts', stage, versionOf(stage).id, file);
      const what = damageFile(path, 'flip', prng(seedOf(`${key}:flip`)));
      let hint = '';
      for (const reader of readers) {
        const argv = reader(ids);
        const r = await runIn(ws, argv);
        hint = expectDamageReported(argv, r, path);
        expect(hint, `${what}; the hint should rebuild the ${stage} stage`).toMatch(new RegExp(`^spm (${stage}|run)\\b`));
      }
      await expectHintRepairs(ws, hint, readers[0]!(ids));
    });
    for (const damage of ['truncate', 'append', 'delete'] as const) {
      it(`${key}: ${PAST[damage]}`, async () => {
        const ws = copyOfTemplate();
        const path = join(ws.dir, 'artifacts', stage, versionOf(stage).id, file);
        damageFile(path, damage, prng(seedOf(`${key}:${damage}`)));
        const argv = readers[0]!(ids);
        expectDamageReported(argv, await runIn(ws, argv), path);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// manifest.json itself: nothing verifies it against anything else, so each kind of change is
// its own case. The test asks for what the issue asks for: a command that reads a changed
// manifest exits 1 naming it (or, for a changed output sha256, naming that output).

/** A JSON-preserving edit of a manifest: replaces the first match of `pattern` with `by`. */
function editManifest(path: string, pattern: RegExp, by: (match: string) => string): void {
  const text = readFileSync(path, 'utf8');
  const match = pattern.exec(text);
  expect(match, `${pattern} in ${path}`).not.toBeNull();
  const changed = by(match![0]);
  expect(changed, 'a one-byte change').toHaveLength(match![0].length);
  writeFileSync(path, text.slice(0, match!.index) + changed + text.slice(match!.index + match![0].length));
}

/** The next hex digit, so an id or hash stays well-formed and only its value changes. */
const nextHex = (c: string): string => ((parseInt(c, 16) + 1) % 16).toString(16);
const bumpLastHex = (s: string): string => s.replace(/[0-9a-f](?=[^0-9a-f]*$)/, nextHex);

describe.concurrent('a changed manifest.json is exit 1 naming it', () => {
  const STAGES_WITH_MANIFESTS = ['ingest', 'transform', 'train', 'evaluate', 'drift'];
  for (const stage of STAGES_WITH_MANIFESTS) {
    it(`${stage}/manifest.json: a flipped byte at a seeded offset; the hint repairs it`, async () => {
      const ws = copyOfTemplate();
      const path = join(ws.dir, 'artifacts', stage, versionOf(stage).id, 'manifest.json');
      const original = readFileSync(path);
      // Offsets before "created": the bytes there are the same on every run (created's value
      // and duration_ms are not), so the seeded flip hits the same field every time. A flip
      // that leaves the parsed manifest equal (one blank for another) changes nothing: redraw.
      const end = original.indexOf('"created"');
      const rng = prng(seedOf(`${stage}:manifest`));
      let flipped: Buffer;
      let at: number;
      do {
        flipped = Buffer.from(original);
        at = Math.floor(rng() * end);
        flipped[at] = flipped[at]! ^ (1 + Math.floor(rng() * 255));
      } while (sameJson(flipped, original));
      writeFileSync(path, flipped);
      const field = original.subarray(Math.max(0, at - 40), at + 20).toString('utf8');
      const argv = MANIFEST_READERS[stage]!(ids);
      const r = await runIn(ws, argv);
      const context = `flipped byte ${at}, in …${field}…`;
      expect(r.code, `${context}\n${show(argv, r)}`).toBe(1);
      expect(r.stderr, `${context}\n${show(argv, r)}`).toContain(versionOf(stage).id);
      const hint = expectDamageReported(argv, r, r.stderr.includes(path) ? path : join(ws.dir, 'artifacts', stage, versionOf(stage).id));
      await expectHintRepairs(ws, hint, argv);
    });
  }

  // Edits that keep the manifest valid JSON, on the evaluate manifest, read by
  // `spm predict --model <evaluate id>` (it reads the manifest, its lineage and segments.json).
  const EDITS: readonly { name: string; pattern: RegExp; by: (m: string) => string; names?: string }[] = [
    { name: 'broken JSON (the first brace)', pattern: /^\{/, by: () => '[' },
    { name: 'its own id', pattern: /"id": "[0-9a-f]+"/, by: bumpLastHex },
    { name: "segments.json's sha256", pattern: /"path": "segments\.json",\n\s*"sha256": "[0-9a-f]+"/, by: bumpLastHex },
    { name: 'the train version in its lineage', pattern: /"stage": "train",\n\s*"id": "[0-9a-f]+"/, by: bumpLastHex },
    { name: 'a param (evaluate.threshold 0.5 → 0.6)', pattern: /"threshold": 0\.5/, by: (m) => m.replace('0.5', '0.6') },
    { name: 'spm_version', pattern: /"spm_version": "\d/, by: (m) => m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10) },
    { name: 'created', pattern: /"created": "\d{4}/, by: (m) => m.slice(0, -1) + String((Number(m.at(-1)) + 1) % 10) },
  ];
  for (const edit of EDITS) {
    it(`evaluate/manifest.json, changed in ${edit.name}`, async () => {
      const ws = copyOfTemplate();
      const dir = join(ws.dir, 'artifacts', 'evaluate', ids.evaluate!);
      editManifest(join(dir, 'manifest.json'), edit.pattern, edit.by);
      const argv = MANIFEST_READERS.evaluate!(ids);
      const r = await runIn(ws, argv);
      const hint = expectDamageReported(argv, r, join(dir, edit.names ?? 'manifest.json'));
      // Following it is shown by the seeded flips above; here: it names the damaged stage.
      expect(hint, show(argv, r)).toMatch(/^spm (evaluate|run)\b/);
    });
  }
});

function sameJson(a: Buffer, b: Buffer): boolean {
  try {
    return JSON.stringify(JSON.parse(a.toString('utf8'))) === JSON.stringify(JSON.parse(b.toString('utf8')));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Path traversal.

/**
 * Copies a real version to `<ws>/decoy/<stage>/x` (outside the store `<ws>/artifacts`), with
 * the id in its manifest set to the `../` path that reaches it from `<store>/<stage>/`, so
 * that a store which joined that path would find a complete, valid version there.
 */
function plantDecoy(ws: Workspace, stage: string): string {
  const ref = `../../decoy/${stage}/x`;
  const dir = ws.path(`decoy/${stage}/x`);
  cpSync(ws.path(`artifacts/${stage}/${ids[stage]}`), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { id: string };
  manifest.id = ref;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return ref;
}

/**
 * Runs commands that must all be refused, side by side (none writes anything, so they cannot
 * disturb one another), and checks that the workspace is byte for byte what it was.
 */
async function expectAllRefusedAndUntouched(ws: Workspace, runs: readonly (readonly string[])[]): Promise<CliResult[]> {
  const before = snapshot(ws.dir);
  const results = await Promise.all(runs.map((argv) => runIn(ws, argv)));
  runs.forEach((argv, i) => expectRefused(argv, results[i]!));
  expect(snapshot(ws.dir), `these commands wrote nothing:\n${runs.map((a) => `spm ${a.join(' ')}`).join('\n')}`).toEqual(before);
  return results;
}

/** Points `stage`'s link in a manifest's lineage at `id`. */
function relink(manifestPath: string, stage: string, id: string): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { inputs: { artifacts: { stage: string; id: string }[] } };
  manifest.inputs.artifacts.find((a) => a.stage === stage)!.id = id;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
}

const predictWith = (ref: string): string[] => ['predict', '-i', 'new.csv', '-o', 'scored.csv', '--model', ref];

describe.concurrent('refs, aliases and lineage cannot point outside the store', () => {
  it('REFs on the command line that are paths are refused by every command that takes one', async () => {
    const ws = copyOfTemplate();
    const outTrain = plantDecoy(ws, 'train');
    const outEvaluate = plantDecoy(ws, 'evaluate');
    const runs: (readonly string[])[] = [
      predictWith(outTrain),
      predictWith(outEvaluate),
      ['metrics', 'show', outEvaluate],
      ['metrics', 'diff', outEvaluate, ids.evaluate!],
      ['report', '-o', 'report.html', '--model', outEvaluate],
      ['promote', outEvaluate, '--as', 'production'],
      ['drift', '-i', 'new.csv', '--reference', outTrain],
      ['serve', '--port', '0', '--json', '--model', outEvaluate],
      // Paths that stay inside the store, or name a folder of it, are not refs either.
      ...[`../train/${ids.train}`, `${ids.train}/..`, `./${ids.evaluate}`, '..', '/etc'].map(predictWith),
    ];
    await expectAllRefusedAndUntouched(ws, runs);
    // The same command works with the real id: the refusals above are about the paths.
    const ok = await runIn(ws, predictWith(ids.evaluate!));
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('alias names that are paths are refused and nothing is written, in the store or beside it', async () => {
    const ws = copyOfTemplate();
    const beside = `spm-integrity-alias-${process.pid}`;
    const names = ['../x', `../../${beside}`, 'a/b', '..', '/tmp/x', `${ids.evaluate}/../x`];
    const results = await expectAllRefusedAndUntouched(ws, names.map((name) => ['promote', ids.evaluate!, '--as', name]));
    results.forEach((r, i) => expect(r.stderr, names[i]).toContain(`invalid alias name '${names[i]}'`));
    expect(existsSync(join(dirname(ws.dir), beside))).toBe(false);
    expect(existsSync(ws.path('artifacts/aliases.json'))).toBe(false);
  });

  it('a hand-edited aliases.json cannot lead outside the store, and its valid entries still work', async () => {
    const ws = copyOfTemplate();
    const outEvaluate = plantDecoy(ws, 'evaluate');
    plantDecoy(ws, 'train');
    writeFileSync(
      ws.path('artifacts/aliases.json'),
      JSON.stringify({
        evil: { stage: 'evaluate', id: outEvaluate },
        up: { stage: '..', id: ids.evaluate },
        deep: { stage: '../../decoy/evaluate', id: 'x' },
        abs: { stage: 'evaluate', id: '/etc' },
        good: { stage: 'evaluate', id: ids.evaluate },
      }),
    );
    const runs: (readonly string[])[] = [
      predictWith('evil'),
      ['metrics', 'show', 'evil'],
      ['report', '-o', 'report.html', '--model', 'evil'],
      ['promote', 'evil', '--as', 'production'],
      ['drift', '-i', 'new.csv', '--reference', 'evil'],
      ['serve', '--port', '0', '--json', '--model', 'evil'],
      predictWith('up'),
      predictWith('deep'),
      predictWith('abs'),
    ];
    const results = await expectAllRefusedAndUntouched(ws, runs);
    results.forEach((r, i) => expect(r.stderr, show(runs[i]!, r)).toMatch(/'(evil|up|deep|abs)' is not a version id or an alias/));
    // The file is read: its valid entry works (so the refusals are not an ignored file).
    const ok = await runIn(ws, predictWith('good'));
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('stage names that are paths are usage errors', async () => {
    const ws = copyOfTemplate();
    const results = await expectAllRefusedAndUntouched(ws, ['..', '../', '../../etc', '.tmp'].map((stage) => ['versions', stage]));
    for (const r of results) expect(r.code).toBe(2);
  });

  it("an evaluate manifest's lineage edited to a path outside the store is refused, naming the manifest", async () => {
    const ws = copyOfTemplate();
    const manifestPath = ws.path(`artifacts/evaluate/${ids.evaluate}/manifest.json`);
    relink(manifestPath, 'train', plantDecoy(ws, 'train'));
    const runs = [predictWith(ids.evaluate!), ['report', '-o', 'report.html', '--model', ids.evaluate!], ['drift', '-i', 'new.csv', '--reference', ids.evaluate!]];
    const results = await expectAllRefusedAndUntouched(ws, runs);
    results.forEach((r, i) => expect(r.stderr, show(runs[i]!, r)).toContain(manifestPath));
  });

  it("a train manifest's ingest link edited to a path outside the store is refused, naming the manifest", async () => {
    const ws = copyOfTemplate();
    const manifestPath = ws.path(`artifacts/train/${ids.train}/manifest.json`);
    relink(manifestPath, 'ingest', plantDecoy(ws, 'ingest'));
    const [r] = await expectAllRefusedAndUntouched(ws, [predictWith(ids.train!)]);
    expect(r!.stderr, show(predictWith(ids.train!), r!)).toContain(manifestPath);
  });

  it('an output path edited to leave the version folder is refused, naming the manifest', async () => {
    const ws = copyOfTemplate();
    writeFileSync(ws.path('decoy-model.json'), readFileSync(ws.path(`artifacts/train/${ids.train}/model.json`)));
    const manifestPath = ws.path(`artifacts/train/${ids.train}/manifest.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { outputs: { path: string }[] };
    manifest.outputs.find((o) => o.path === 'model.json')!.path = '../../../decoy-model.json';
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
    const [r] = await expectAllRefusedAndUntouched(ws, [PREDICT(ids)]);
    expect(r!.code).toBe(1);
    expect(r!.stderr).toContain(`${manifestPath} is not a valid manifest: output path "../../../decoy-model.json" leaves the version folder`);
  });
});
