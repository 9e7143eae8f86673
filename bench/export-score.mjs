// Scores a CSV with an exported ONNX model in ONNX Runtime (onnxruntime-node), the way a Node
// service would: read and split the CSV, one [N, 1] tensor per input, session.run, write the
// predictions as CSV. Prints the phases' seconds as JSON. Run by bench/export.mjs.
// Usage: node bench/export-score.mjs MODEL.onnx INPUTS.json DATA.csv OUT.csv
//   (INPUTS.json: the `inputs` of `spm export --json`; the CSV has no quoted fields)
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [model, inputsFile, csv, out] = process.argv.slice(2);
const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
const clock = () => Number(process.hrtime.bigint()) / 1e9;

const t0 = clock();
const lines = readFileSync(csv, 'utf8').split('\n');
if (lines.at(-1) === '') lines.pop();
const header = lines[0].split(',');
const n = lines.length - 1;
const at = inputs.map((i) => header.indexOf(i.name));
const columns = inputs.map((i) => (i.type === 'float' ? new Float32Array(n) : new Array(n)));
for (let r = 0; r < n; r++) {
  const cells = lines[r + 1].split(',');
  for (let k = 0; k < inputs.length; k++) {
    const cell = cells[at[k]];
    if (inputs[k].type === 'float') columns[k][r] = cell === '' ? NaN : Number(cell);
    else columns[k][r] = cell;
  }
}
const feeds = Object.fromEntries(inputs.map((i, k) => [i.name, new ort.Tensor(i.type === 'float' ? 'float32' : 'string', columns[k], [n, 1])]));
const t1 = clock();
const session = await ort.InferenceSession.create(model);
const t2 = clock();
const result = await session.run(feeds);
const t3 = clock();
const prediction = result.prediction.data;
const probabilities = result.probabilities?.data;
const k = probabilities ? probabilities.length / n : 0;
const rows = new Array(n + 1);
rows[0] = probabilities ? 'prediction,probabilities' : 'prediction';
for (let r = 0; r < n; r++) rows[r + 1] = probabilities ? `${prediction[r]},${Array.from(probabilities.subarray(r * k, (r + 1) * k), (p) => p.toFixed(4)).join(' ')}` : prediction[r].toFixed(4);
writeFileSync(out, rows.join('\n') + '\n');
const t4 = clock();
console.log(JSON.stringify({ rows: n, read: t1 - t0, load: t2 - t1, run: t3 - t2, write: t4 - t3 }));
