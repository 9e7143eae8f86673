/** Writes the report (atomically: a reader never sees half a file) and, on request, the chart specs. */
import { mkdirp } from '../util/mkdirp.js';
import { join } from 'node:path';
import { openAtomicOutput } from '../store/atomic.js';
import type { ReportChart } from './build-report.js';

async function writeAtomic(path: string, text: string): Promise<void> {
  const out = await openAtomicOutput(path);
  try {
    await out.write(text);
    await out.commit();
  } catch (error) {
    await out.discard();
    throw error;
  }
}

export async function writeReportFiles(output: string, html: string, vega?: { dir: string; charts: readonly ReportChart[] }): Promise<{ vega: string[] }> {
  await writeAtomic(output, html);
  const written: string[] = [];
  if (vega) {
    await mkdirp(vega.dir);
    for (const chart of vega.charts) {
      const path = join(vega.dir, `${chart.id}.vl.json`);
      await writeAtomic(path, `${JSON.stringify(chart.spec, null, 2)}\n`);
      written.push(path);
    }
  }
  return { vega: written };
}
