/**
 * `spm export`: a trained version (REF) as a file another engine scores — read the scoring
 * pipeline and its evaluation, build the graph (src/export, pure), check it, write it
 * atomically. Formats are a table so another one is one entry.
 */
import { SpmError } from '../errors.js';
import { checkOnnx } from '../export/onnx-check.js';
import { exportOnnx } from '../export/export-onnx.js';
import { loadScoring } from '../pipeline/resolve.js';
import { readMetricsFile } from '../pipeline/stages/evaluate.js';
import type { Workspace } from '../pipeline/workspace.js';
import { userPathError, writeFileAtomic } from '../store/atomic.js';
import { SPM_VERSION } from '../version.js';

export const EXPORT_FORMATS = ['onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  readonly ref?: string;
  readonly format: string;
  readonly output: string;
}

/** What `spm export --json` prints. */
export interface ExportSummary {
  readonly format: ExportFormat;
  readonly output: string;
  readonly bytes: number;
  readonly model: string;
  readonly task: string;
  readonly target: string;
  readonly train_id: string;
  readonly evaluate_id: string | null;
  readonly threshold: number | null;
  readonly inputs: readonly { readonly name: string; readonly type: string }[];
  readonly outputs: readonly string[];
  readonly nodes: number;
  readonly opsets: Readonly<Record<string, number>>;
  /** What spm predict gives that the file does not (e.g. segments), said plainly. */
  readonly not_exported: readonly string[];
}

export async function exportModel(ws: Workspace, req: ExportRequest): Promise<ExportSummary> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(req.format)) {
    throw new SpmError('USAGE', `unknown export format ${JSON.stringify(req.format)}`, { hint: `use --format ${EXPORT_FORMATS.join(' | ')}` });
  }
  const { pipeline, threshold, evaluateId } = await loadScoring(ws, req.ref);
  const metrics = evaluateId === null ? null : await readMetricsFile(ws.store, evaluateId);
  const testMetrics = metrics === null ? null : Object.fromEntries(Object.entries(metrics.metrics).filter((e): e is [string, number] => typeof e[1] === 'number'));
  const classification = pipeline.schema.task === 'classification';
  const { bytes, model } = exportOnnx(pipeline, { spmVersion: SPM_VERSION, evaluateId, threshold, testMetrics });
  const { problems, summary } = checkOnnx(bytes);
  if (problems.length > 0) throw new Error(`spm export built an invalid ONNX graph: ${problems.join('; ')}`);
  try {
    await writeFileAtomic(req.output, bytes);
  } catch (e) {
    throw userPathError(e, req.output);
  }
  return {
    format: 'onnx',
    output: req.output,
    bytes: bytes.length,
    model: pipeline.model.name,
    task: pipeline.schema.task,
    target: pipeline.schema.target,
    train_id: pipeline.ids.train,
    evaluate_id: evaluateId,
    threshold: classification ? threshold : null,
    inputs: model.graph.inputs.map((v) => ({ name: v.name, type: v.type })),
    outputs: summary.outputs,
    nodes: summary.nodes,
    opsets: summary.opsets,
    not_exported: [...(pipeline.segments ? ['segment and recommendation columns (segments of the evaluation): score them with `spm predict`'] : []), 'top_factors (--explain)'],
  };
}
