/** `exportModel`: `spm export` from code — a trained version as an ONNX file, with the command's summary and refusals. */
import { exportModel as runExport, type ExportSummary } from '../actions/export.js';
import { openProject, type ProjectOptions } from './project.js';

export type { ExportSummary };

export interface ExportModelOptions extends ProjectOptions {
  /** The model: `latest` (default: the current params), a version id or prefix, or an alias. */
  readonly ref?: string;
  /** The file format (default and only one so far: `onnx`). */
  readonly format?: 'onnx';
  /** The file to write (atomically). */
  readonly output: string;
}

/**
 * Writes the model a REF names, with its whole feature pipeline, as one ONNX graph, and returns
 * what `spm export --json` prints. Errors are SpmError: EXPORT_UNSUPPORTED (naming what the
 * graph cannot express), UNKNOWN_REF, NO_VERSION, OUTPUT_PATH…
 */
export async function exportModel(options: ExportModelOptions): Promise<ExportSummary> {
  const ref = options.ref ?? 'latest';
  const ws = await openProject(options, ref !== 'latest');
  return runExport(ws, { ref, format: options.format ?? 'onnx', output: options.output });
}
