/**
 * evaluate's segments (segments.*): which columns to segment on (checked against the schema),
 * the k-means fit on the train split, and the recommendation table on the test split's
 * predictions. Stored as segments.json in the evaluate version, which predict and the report
 * read back.
 */
import { fitSegments } from '../../analysis/segments.js';
import { defaultRecommendations, recommend } from '../../analysis/recommend.js';
import type { Schema } from '../../data/schema.js';
import { paramColumns } from './param-columns.js';
import type { Table } from '../../data/table.js';
import { SpmError } from '../../errors.js';
import type { Params } from '../params.js';
import type { ArtifactStore } from '../../store/store.js';
import { segmentRows, segmentValues, type SegmentsFile } from '../../scoring/segments.js';

/** The segment features, checked: numeric columns that are neither the target nor an id. */
export function segmentFeatures(schema: Schema, names: readonly string[]): string[] {
  const numeric = schema.columns.filter((c) => c.type === 'numeric' && (c.role === 'feature' || c.role === 'dropped')).map((c) => c.name);
  return paramColumns(schema, names, {
    key: 'segments.features',
    type: 'numeric',
    hint: numeric.length ? `segments.features takes numeric columns: ${numeric.join(', ')}` : 'this data has no numeric feature columns to segment on',
    why: { target: ', unknown when a new student is scored', id: '', type: 'k-means needs numeric columns' },
  });
}

export function buildSegments(
  params: Params['segments'],
  schema: Schema,
  train: { table: Table; y: Float64Array },
  test: { table: Table; prediction: (row: number) => string | number },
): SegmentsFile | null {
  const features = segmentFeatures(schema, params.features);
  if (!features.length) return null;
  // The outcome that orders and names the segments: the score, or 1 for the favourable class
  // (multi-class without segments.favourable: unknown, so segments are named from their centroids).
  const good = favourableClass(schema, params.favourable);
  const outcome = schema.task === 'regression' ? train.y : train.y.map((c) => (good < 0 ? Number.NaN : c === good ? 1 : 0));
  const segmentation = fitSegments(features, segmentValues(train.table, features), outcome, { k: params.k, seed: params.seed, names: params.names });
  const classes = schema.classes ?? [];
  const unfavourable = classes.length === 2 && good >= 0 ? classes[1 - good] : undefined;
  const rules = params.recommendations.length ? params.recommendations : defaultRecommendations(unfavourable);
  const counts = new Map<string, { segment: string; prediction: string; rows: number; action: string }>();
  segmentRows(segmentation, test.table).forEach((c, i) => {
    const segment = segmentation.segments[c]!.name;
    const predicted = test.prediction(i);
    const prediction = schema.task === 'regression' ? 'score' : String(predicted);
    const action = recommend(rules, segment, predicted);
    const key = `${segment}\u0000${prediction}\u0000${action}`;
    const entry = counts.get(key) ?? { segment, prediction, rows: 0, action };
    entry.rows++;
    counts.set(key, entry);
  });
  const order = new Map(segmentation.segments.map((s, i) => [s.name, i]));
  const table = [...counts.values()].sort((a, b) => order.get(a.segment)! - order.get(b.segment)! || (a.prediction < b.prediction ? -1 : 1) || (a.action < b.action ? -1 : 1));
  return { ...segmentation, recommendations: rules, table };
}

/** Index of the good outcome among schema.classes (segments.favourable, else the positive class); −1 if none. */
export function favourableClass(schema: Schema, favourable: string | number | null): number {
  if (!schema.classes) {
    if (favourable === null) return -1;
    throw new SpmError('PARAMS_INVALID', `segments.favourable: '${favourable}' names a class, but ${schema.target} is a score (regression)`, { hint: 'leave segments.favourable out: a higher score is the better outcome' });
  }
  if (favourable === null) return schema.positiveClass ? schema.classes.indexOf(schema.positiveClass) : -1;
  const at = schema.classes.indexOf(String(favourable));
  if (at < 0) throw new SpmError('PARAMS_INVALID', `segments.favourable: '${favourable}' is not a class of ${schema.target}`, { hint: `the classes are: ${schema.classes.join(', ')}` });
  return at;
}

/** The segments of an evaluate version, checked (STYLE 6); null when that evaluation has none. */
export async function readSegments(store: ArtifactStore, evaluateId: string): Promise<SegmentsFile | null> {
  const manifest = await store.readManifest('evaluate', evaluateId);
  if (!manifest.outputs.some((o) => o.path === 'segments.json')) return null;
  const value = (await store.readJson('evaluate', evaluateId, 'segments.json')) as Partial<SegmentsFile> | null;
  const ok =
    value !== null && value.format === 'spm.segments' && value.version === 1 && Array.isArray(value.features) && Array.isArray(value.segments) &&
    Array.isArray(value.means) && Array.isArray(value.stds) && Array.isArray(value.recommendations) &&
    value.segments.every((s) => typeof s?.name === 'string' && value.features!.every((f) => typeof s.z?.[f] === 'number'));
  if (!ok) throw new SpmError('ARTIFACT_CORRUPT', `evaluate/${evaluateId}/segments.json is not an spm segments file`, { hint: 'rebuild it with `spm evaluate --force`' });
  return value as SegmentsFile;
}
