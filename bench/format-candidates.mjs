// One candidate library reads a 1,000,000-row .xlsx or .parquet file, visiting every row's
// values (bench/formats.mjs --candidates runs it under /usr/bin/time for wall and peak RSS).
// Usage: node bench/format-candidates.mjs exceljs|read-excel-file|hyparquet|parquet-wasm FILE
const [lib, file] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
let cells = 0;
const count = (values) => {
  rows++;
  cells += values.length;
};
if (lib === 'exceljs') {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) for await (const row of sheet) count(row.values);
} else if (lib === 'read-excel-file') {
  const { readSheet } = await import('read-excel-file/node');
  for (const r of await readSheet(file)) count(r);
} else if (lib === 'hyparquet') {
  const { parquetRead, parquetMetadataAsync, asyncBufferFromFile } = await import('hyparquet');
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    await parquetRead({ file: buffer, metadata, rowStart: start, rowEnd: end, onComplete: (data) => data.forEach(count) });
    start = end;
  }
} else if (lib === 'parquet-wasm') {
  const { readParquet } = await import('parquet-wasm');
  const { tableFromIPC } = await import('apache-arrow');
  const { readFileSync } = await import('node:fs');
  const table = tableFromIPC(readParquet(readFileSync(file)).intoIPCStream());
  const columns = table.schema.fields.map((f) => table.getChild(f.name));
  for (let i = 0; i < table.numRows; i++) count(columns.map((c) => c.get(i)));
} else {
  console.error(`unknown library ${lib}`);
  process.exit(2);
}
console.log(JSON.stringify({ lib, rows, cells, seconds: +((performance.now() - t0) / 1000).toFixed(2) }));
