// Benchmark: the CSV reader A/B (issue 17, item 9). `spm predict` and `spm ingest` of 1,000,000
// rows as comma UTF-8 CSV, with this build and with another build of spm (--old DIR: a checkout
// built with `node scripts/build.mjs`), alternated run by run so both see the same machine
// state; then the same rows as semicolon CSV and as UTF-16 LE tab-separated text (Excel's
// "Unicode text") with this build. Targets: comma within 10% of the old build; semicolon and
// UTF-16 within 1.5x of comma. --base DIR: also every case with a third build (say, the commit a
// change started from), to see that change's own cost under the same load. --record-off: predict
// with -S predict.record=false in the builds that record (the old build predates recording).
// Usage: node bench/reader.mjs --old /path/to/old/spm [--base /path/to/base/spm] [--record-off] [--runs N] [--rows N]
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg, benchWorkspace, fmt, loadWatch, machine, measure, summarize, today, writeSection, ROOT } from './lib.mjs';

const runs = arg('--runs', 5);
const rows = arg('--rows', 1_000_000);
const oldDir = process.argv.includes('--old') ? process.argv[process.argv.indexOf('--old') + 1] : undefined;
if (!oldDir) throw new Error('usage: node bench/reader.mjs --old DIR [--runs N] [--rows N]');
const OLD = join(oldDir, 'bin', 'spm.js');
const baseDir = process.argv.includes('--base') ? process.argv[process.argv.indexOf('--base') + 1] : undefined;
const BASE = baseDir === undefined ? undefined : join(baseDir, 'bin', 'spm.js');
const recordOff = process.argv.includes('--record-off');
const node = process.execPath;
const load = loadWatch();

const { dir, bin: NEW, built } = benchWorkspace('reader');
cpSync(join(ROOT, 'params.yaml'), join(dir, 'params.yaml'));
cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
const comma = join(dir, 'comma.csv');
measure(node, [NEW, 'synth', '-o', comma, '--rows', String(rows), '--seed', '7', '-q'], { cwd: dir });
const text = readFileSync(comma, 'utf8');
if (text.includes('"')) throw new Error('synth data with quotes: the semicolon copy would need quoting');
writeFileSync(join(dir, 'semicolon.csv'), text.replaceAll(',', ';'));
writeFileSync(join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(',', '\t'), 'utf16le')]));
measure(node, [NEW, 'run', '-q'], { cwd: dir, allowExit: [0, 4] });

const predict = (bin, input) => () => {
  const off = recordOff && bin !== OLD ? ['-S', 'predict.record=false'] : [];
  const r = measure(node, [bin, 'predict', '-i', input, '-o', join(dir, 'out.csv'), '--json', ...off], { cwd: dir });
  const doc = JSON.parse(r.stdout);
  if (doc.scored !== rows) throw new Error(`${bin} predict ${input}: scored ${doc.scored} of ${rows}`);
  return r;
};
const ingest = (bin, input) => () => {
  const store = join(dir, 'ingest-store');
  rmSync(store, { recursive: true, force: true });
  const r = measure(node, [bin, 'ingest', '-q', '-S', `data.source=${input}`, '--artifacts', store], { cwd: dir });
  rmSync(store, { recursive: true, force: true });
  return r;
};

const cases = [
  ['predict, comma UTF-8, old build', predict(OLD, 'comma.csv')],
  ['predict, comma UTF-8, this build', predict(NEW, 'comma.csv')],
  ['predict, semicolon UTF-8, this build', predict(NEW, 'semicolon.csv')],
  ['predict, UTF-16 LE tab (BOM), this build', predict(NEW, 'utf16.txt')],
  ['ingest, comma UTF-8, old build', ingest(OLD, 'comma.csv')],
  ['ingest, comma UTF-8, this build', ingest(NEW, 'comma.csv')],
  ['ingest, semicolon UTF-8, this build', ingest(NEW, 'semicolon.csv')],
  ['ingest, UTF-16 LE tab (BOM), this build', ingest(NEW, 'utf16.txt')],
  ...(BASE === undefined
    ? []
    : [
        ['predict, comma UTF-8, base build', predict(BASE, 'comma.csv')],
        ['predict, semicolon UTF-8, base build', predict(BASE, 'semicolon.csv')],
        ['predict, UTF-16 LE tab (BOM), base build', predict(BASE, 'utf16.txt')],
        ['ingest, comma UTF-8, base build', ingest(BASE, 'comma.csv')],
        ['ingest, semicolon UTF-8, base build', ingest(BASE, 'semicolon.csv')],
        ['ingest, UTF-16 LE tab (BOM), base build', ingest(BASE, 'utf16.txt')],
      ]),
];
const results = new Map(cases.map(([name]) => [name, []]));
// Alternated: run i of every case before run i + 1 of any.
for (let i = 0; i < runs; i++) {
  for (const [name, fn] of cases) {
    const r = fn();
    results.get(name).push(r);
    console.error(`${name}: ${fmt(r.seconds)}`);
  }
}
const summary = new Map([...results].map(([name, rs]) => [name, summarize(rs)]));
const ratio = (a, b) => (summary.get(a).median / summary.get(b).median).toFixed(2);
const minRatio = (a, b) => (summary.get(a).min / summary.get(b).min).toFixed(2);
const table = [...summary].map(([name, s]) => `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${s.rssMb === null ? '—' : `${s.rssMb.toFixed(0)} MB`} |`);
const busy = load.note();
const markdown = `## CSV reader A/B (dialects and encodings)

Measured ${today()} on ${machine()}; load average ${load.start.map((x) => x.toFixed(2)).join(' ')} at the start,
${load.end.map((x) => x.toFixed(2)).join(' ')} at the end; CLI built ${built}; command:
\`node bench/reader.mjs --old <a build of the previous reader>${BASE ? ' --base <a build of the base commit>' : ''}${recordOff ? ' --record-off' : ''} --runs ${runs}\`${recordOff ? ' (predict with -S predict.record=false in this and the base build; the old build does not record)' : ''}. Data: \`spm synth --rows ${rows.toLocaleString('en-US')} --seed 7\`,
written again with semicolons and as UTF-16 LE with tabs; the default params' model. The cases alternate run by run
(the machine is shared), medians of ${runs}; ingest with nothing cached.

| what | median | min | peak RSS |
|---|---|---|---|
${table.join('\n')}

Ratios of medians: predict comma this/old ${ratio('predict, comma UTF-8, this build', 'predict, comma UTF-8, old build')} (target ≤ 1.10),
semicolon/comma ${ratio('predict, semicolon UTF-8, this build', 'predict, comma UTF-8, this build')}, UTF-16/comma ${ratio('predict, UTF-16 LE tab (BOM), this build', 'predict, comma UTF-8, this build')} (targets ≤ 1.5);
ingest comma this/old ${ratio('ingest, comma UTF-8, this build', 'ingest, comma UTF-8, old build')}, semicolon/comma ${ratio('ingest, semicolon UTF-8, this build', 'ingest, comma UTF-8, this build')}, UTF-16/comma ${ratio('ingest, UTF-16 LE tab (BOM), this build', 'ingest, comma UTF-8, this build')}.
Ratios of mins (what a loaded machine leaves comparable): predict comma this/old ${minRatio('predict, comma UTF-8, this build', 'predict, comma UTF-8, old build')}, semicolon/comma ${minRatio('predict, semicolon UTF-8, this build', 'predict, comma UTF-8, this build')}, UTF-16/comma ${minRatio('predict, UTF-16 LE tab (BOM), this build', 'predict, comma UTF-8, this build')}; ingest comma this/old ${minRatio('ingest, comma UTF-8, this build', 'ingest, comma UTF-8, old build')}, semicolon/comma ${minRatio('ingest, semicolon UTF-8, this build', 'ingest, comma UTF-8, this build')}, UTF-16/comma ${minRatio('ingest, UTF-16 LE tab (BOM), this build', 'ingest, comma UTF-8, this build')}.
${BASE === undefined ? '' : `This build/base build: predict comma ${ratio('predict, comma UTF-8, this build', 'predict, comma UTF-8, base build')}, semicolon ${ratio('predict, semicolon UTF-8, this build', 'predict, semicolon UTF-8, base build')}, UTF-16 ${ratio('predict, UTF-16 LE tab (BOM), this build', 'predict, UTF-16 LE tab (BOM), base build')}; ingest comma ${ratio('ingest, comma UTF-8, this build', 'ingest, comma UTF-8, base build')}, semicolon ${ratio('ingest, semicolon UTF-8, this build', 'ingest, semicolon UTF-8, base build')}, UTF-16 ${ratio('ingest, UTF-16 LE tab (BOM), this build', 'ingest, UTF-16 LE tab (BOM), base build')}.\n`}${busy}

Before item 9's changes (this section as committed at 8bc9504, the same command, load average 0.8–1.6): predict comma this/old
1.12, semicolon/comma 2.24, UTF-16/comma 2.18; ingest comma this/old 0.98, semicolon/comma 2.80, UTF-16/comma 2.51, the
non-comma ingests peaking at about 1.1 GB. Profiled (\`--cpu-prof\`): ingest spent about 5 s in garbage collection of the
string trees String.replaceAll made of each chunk (every field a string) to write the split files as comma CSV, and
predict's main thread 1.2 s writing each record again (commaLine, and a text made of each byte chunk); UTF-16 ingest ran on
one thread. Since: one route writes records of any dialect as comma lines (\`src/data/csv-comma-records.ts\`: the
delimiters of a chunk of plain records replaced byte by byte, on the thread that read it), and UTF-16 files are cut in two
parts at a line feed code unit.

One reader (issue 17 item 9): the two scanning routes (the RFC 4180 scanner over JS strings, and whole ASCII lines
read as bytes by \`TableBuilder.readLines\`) became one scanner over UTF-8 bytes (\`src/data/csv-scan.ts\`; other encodings
transcoded to UTF-8 per chunk in \`csv-decode.ts\`), whose hot loop runs the table builder's field automata. \`--base\`
compares it with the commit before that change, \`--record-off\` takes predict's recording out of the comparison.`;
writeSection('reader', markdown);
console.log(markdown);
