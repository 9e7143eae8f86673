/**
 * The model `spm serve` scores with: a REF resolved once to a train version (and the evaluation
 * that goes with it), loaded with its decision threshold, segments and risk bands, plus the
 * metadata GET /v1/model shows. A `ModelHolder` keeps the current one and, when the REF is an
 * alias, swaps in the new version after `spm promote` moves it: requests in flight keep the
 * version they started with, so none is dropped or scored half by one model, half by the other.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ColumnSchema } from '../data/schema.js';
import { getColumn } from '../data/table.js';
import { isSpmError } from '../errors.js';
import { loadScoring } from '../pipeline/resolve.js';
import { loadSplit } from '../pipeline/stages/load.js';
import { favourableClass } from '../pipeline/stages/segments.js';
import type { Workspace } from '../pipeline/workspace.js';
import { outputColumns } from '../scoring/score.js';
import type { ScoringPipeline } from '../scoring/scoring-pipeline.js';
import { readAliases } from '../store/refs.js';
import { SPM_VERSION } from '../version.js';
import { riskBands, type RiskBands } from './risk.js';
import { warmUp } from './score-request.js';

export interface ServedModel {
  readonly ref: string;
  readonly trainId: string;
  readonly evaluateId: string | null;
  readonly pipeline: ScoringPipeline;
  /** Binary decision threshold on the positive class's probability (0.5 otherwise). */
  readonly threshold: number;
  readonly risk: RiskBands | null;
  /** What GET /v1/model answers. */
  readonly info: Record<string, unknown>;
}

/** One input column as the API and the dashboard's form describe it. */
export interface InputColumn {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  /** features must be present (a missing value is imputed or rejected per row); ids and segment columns are echoed or used when given. */
  readonly role: 'feature' | 'id' | 'segment';
  readonly categories?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly bounds?: readonly [number | null, number | null];
}

export async function loadServedModel(ws: Workspace, ref: string): Promise<ServedModel> {
  const { trainId, evaluateId, pipeline, threshold } = await loadScoring(ws, ref);
  const segments = pipeline.segments ?? null;
  const evaluation = evaluateId ? await ws.store.readManifest('evaluate', evaluateId) : null;
  const segmentParams = (evaluation?.params.segments as { favourable?: string | number | null } | undefined) ?? ws.loaded.params.segments;
  const { schema } = pipeline;
  const trainTarget = schema.task === 'regression' ? (getColumn((await loadSplit(ws.store, pipeline.ids.ingest, 'train')).table, schema.target) as { values: Float64Array }).values : null;
  const favourable = schema.task === 'classification' ? favourableClass(schema, segmentParams.favourable ?? null) : -1;
  const risk = riskBands(schema, { threshold, favourable, trainTarget });
  const trainManifest = await ws.store.readManifest('train', trainId);
  const metrics = evaluateId ? await ws.store.readJson('evaluate', evaluateId, 'metrics.json') : null;
  const info = {
    ref,
    model: trainManifest.summary?.model ?? null,
    task: schema.task,
    target: schema.target,
    ...(schema.classes ? { classes: schema.classes, positive_class: schema.positiveClass ?? null, threshold } : {}),
    input: inputColumns(pipeline),
    output: ['row', ...outputColumns(pipeline, true), ...(risk ? ['risk_band'] : [])],
    risk_bands: risk?.describe ?? null,
    segments: segments ? segments.segments.map((s) => s.name) : [],
    metrics: metrics ?? null,
    lineage: { ...pipeline.ids, evaluate: evaluateId },
    created: trainManifest.created,
    spm_version: SPM_VERSION,
  };
  return { ref, trainId, evaluateId, pipeline, threshold, risk, info };
}

/** The columns a request may send: every feature (required), the id columns and dropped columns segments read. */
function inputColumns(pipeline: ScoringPipeline): InputColumn[] {
  const segmentColumns = new Set(pipeline.segments?.features ?? []);
  const describe = (c: ColumnSchema, role: InputColumn['role']): InputColumn => ({
    name: c.name,
    type: c.type,
    role,
    ...(c.type === 'categorical' && role !== 'id' ? { categories: c.categories ?? [] } : {}),
    ...(c.min !== undefined ? { min: c.min, max: c.max! } : {}),
    ...(c.bounds ? { bounds: c.bounds } : {}),
  });
  return pipeline.schema.columns.flatMap((c): InputColumn[] => {
    if (c.role === 'feature') return [describe(c, 'feature')];
    if (c.role === 'id') return [describe(c, 'id')];
    if (c.role === 'dropped' && segmentColumns.has(c.name)) return [describe(c, 'segment')];
    return [];
  });
}

export interface HolderEvents {
  readonly onReload?: (model: ServedModel, previous: ServedModel) => void;
  readonly onReloadError?: (error: unknown) => void;
}

/**
 * The current model, reloaded when its alias moves (checked every `intervalMs` by the alias
 * file's modification time, then its content). A failed reload keeps the old model serving.
 */
export class ModelHolder {
  private timer: NodeJS.Timeout | null = null;
  private aliasStamp = '';
  private checking = false;
  /** The last reload failure, shown by GET /v1/model until a reload succeeds. */
  reloadError: string | null = null;

  private constructor(
    private readonly ws: Workspace,
    public current: ServedModel,
    private readonly alias: boolean,
  ) {}

  /** The alias followed (the REF when it is one), or null for a version id or `latest`. */
  get followed(): string | null {
    return this.alias ? this.current.ref : null;
  }

  static async open(ws: Workspace, ref: string): Promise<ModelHolder> {
    const model = await loadServedModel(ws, ref);
    await warmUp(model);
    const alias = ref in (await readAliases(ws.store));
    const holder = new ModelHolder(ws, model, alias);
    holder.aliasStamp = await holder.stamp();
    return holder;
  }

  /** Starts watching the alias (nothing to watch for an id or `latest`). */
  watch(intervalMs: number, events: HolderEvents = {}): void {
    if (!this.alias || this.timer) return;
    this.timer = setInterval(() => void this.check(events), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reloads now if the alias points elsewhere; resolves true when the model changed. */
  async check(events: HolderEvents = {}): Promise<boolean> {
    if (!this.alias || this.checking) return false;
    this.checking = true;
    try {
      const stamp = await this.stamp();
      if (stamp === this.aliasStamp) return false;
      this.aliasStamp = stamp;
      const target = (await readAliases(this.ws.store))[this.current.ref];
      if (!target) throw new Error(`alias '${this.current.ref}' no longer exists; still serving train/${this.current.trainId}`);
      const same = (target.stage === 'train' ? target.id === this.current.trainId : target.id === this.current.evaluateId);
      if (same) return false;
      const next = await loadServedModel(this.ws, this.current.ref);
      await warmUp(next);
      const previous = this.current;
      this.current = next;
      this.reloadError = null;
      events.onReload?.(next, previous);
      return true;
    } catch (error) {
      this.reloadError = isSpmError(error) || error instanceof Error ? error.message : String(error);
      events.onReloadError?.(error);
      return false;
    } finally {
      this.checking = false;
    }
  }

  private async stamp(): Promise<string> {
    try {
      const s = await stat(join(this.ws.store.root, 'aliases.json'));
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'none';
    }
  }
}
