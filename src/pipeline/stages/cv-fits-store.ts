/**
 * The CV fits that `spm train --shard i/n` computes, kept in the store until the train version
 * they belong to is built: `<store>/.fits/<train id>/<candidate>.<fold>.json`, each written
 * atomically (a rename within its folder), so processes on several hosts can add theirs side by
 * side. A fit is only used when it names the same candidate at the same position, so a file left
 * from other params can never be mistaken for this run's.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CvTaskResult } from '../../models/cv-task.js';
import { fitKey } from '../../models/cv-fits.js';
import type { Candidate } from '../../models/grid.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { stableStringify } from '../../store/hash.js';
import { mkdirp } from '../../util/mkdirp.js';

const FORMAT = 'spm.cv_fit';
const fitsDir = (root: string, trainId: string): string => join(root, '.fits', trainId);

interface FitFile {
  readonly format: typeof FORMAT;
  readonly version: 1;
  readonly candidate: string;
  /** NaN (a metric undefined on a fold) as a string: JSON has no NaN. */
  readonly score: number | 'NaN';
  readonly oof?: number[];
}

export async function readFits(root: string, trainId: string, candidates: readonly Candidate[], folds: number): Promise<Map<string, CvTaskResult>> {
  const fits = new Map<string, CvTaskResult>();
  const names = await readdir(fitsDir(root, trainId)).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^(\d+)\.(\d+)\.json$/.exec(name);
    if (!m) continue;
    const [ci, fi] = [Number(m[1]), Number(m[2])];
    const candidate = candidates[ci];
    if (candidate === undefined || fi >= folds) continue;
    let file: FitFile;
    try {
      file = JSON.parse(await readFile(join(fitsDir(root, trainId), name), 'utf8')) as FitFile;
    } catch {
      continue; // unreadable: computed again
    }
    if (file.format !== FORMAT || file.version !== 1 || file.candidate !== stableStringify(candidate)) continue;
    fits.set(fitKey(ci, fi), { score: file.score === 'NaN' ? NaN : file.score, ...(file.oof ? { oof: Float64Array.from(file.oof) } : {}) });
  }
  return fits;
}

export async function writeFit(root: string, trainId: string, key: string, candidate: Candidate, result: CvTaskResult): Promise<void> {
  const file: FitFile = {
    format: FORMAT,
    version: 1,
    candidate: stableStringify(candidate),
    score: Number.isNaN(result.score) ? 'NaN' : result.score,
    ...(result.oof ? { oof: Array.from(result.oof) } : {}),
  };
  await mkdirp(fitsDir(root, trainId));
  await writeFileAtomic(join(fitsDir(root, trainId), `${key}.json`), JSON.stringify(file));
}

/** Drops a train version's fits once the version is built. */
export async function removeFits(root: string, trainId: string): Promise<void> {
  await rm(fitsDir(root, trainId), { recursive: true, force: true });
}
