/**
 * Where the library API finds a project: the same three settings as the command line's
 * `-p`, `-S` and `--artifacts`, with the same defaults (params.yaml in the current folder,
 * artifacts/ beside it).
 */
import { openWorkspace, type Workspace } from '../pipeline/workspace.js';

export interface ProjectOptions {
  /** The params file (default `params.yaml`, relative to the current folder). */
  readonly params?: string;
  /** Param overrides, as `-S key=value` (the value is parsed as YAML). */
  readonly set?: readonly string[];
  /** The artifact store folder (default: `artifacts.dir` of the params, beside the params file). */
  readonly artifacts?: string;
}

/** Opens the workspace of `options`; `paramsOptional`: a missing params file gives the defaults (a model named by alias or id needs none). */
export function openProject(options: ProjectOptions = {}, paramsOptional = false): Promise<Workspace> {
  const opts = { params: options.params ?? 'params.yaml', set: options.set ?? [], ...(options.artifacts ? { artifacts: options.artifacts } : {}) };
  return openWorkspace(opts, { paramsOptional });
}
