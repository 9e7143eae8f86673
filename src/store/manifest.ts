/** The manifest.json of every artifact version (SPEC §5), validated when read back. */
import { isRecord } from '../util/guards.js';
import { SpmError } from '../errors.js';
import { sha256, stableStringify } from './hash.js';

export interface DataInput {
  readonly path: string;
  readonly sha256: string;
}

export interface ArtifactInput {
  readonly stage: string;
  readonly id: string;
}

export interface OutputEntry {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly format: 'spm.manifest';
  readonly version: 1;
  readonly stage: string;
  readonly id: string;
  readonly params: Record<string, unknown>;
  readonly inputs: { readonly data: readonly DataInput[]; readonly artifacts: readonly ArtifactInput[] };
  readonly outputs: readonly OutputEntry[];
  readonly spm_version: string;
  readonly created: string;
  readonly duration_ms: number;
  /** Small stage-specific figures shown by `spm versions` (e.g. the selected model, key metrics). */
  readonly summary: Record<string, unknown>;
  /**
   * sha256 of the manifest's other fields (stable JSON): outputs are checked against the manifest,
   * and this checks the manifest itself, so that an edited threshold, lineage or param is found.
   */
  readonly manifest_sha256: string;
}

/** A stage name or a version id as the store writes them: anything else would be a path of its own. */
export const STAGE_NAME = /^[a-z]+$/;
export const VERSION_ID = /^[0-9a-f]{1,64}$/;

/** The checksum a manifest carries of its other fields. */
export const manifestChecksum = (fields: Omit<Manifest, 'manifest_sha256'>): string => sha256(stableStringify(fields));

const isString = (v: unknown): v is string => typeof v === 'string';

/** The hint of every damaged-artifact error: which command rebuilds it. */
export const rebuildHint = (stage: string): string =>
  stage === 'drift'
    ? 'the store was changed or damaged; run `spm drift -i BATCH` on that batch again (the damaged report is replaced)'
    : stage === 'predictions'
      ? 'the store was changed or damaged; remove that batch folder (its predictions are lost for `spm feedback`) and score the input again with `spm predict`'
      : stage === 'monitoring'
        ? 'the store was changed or damaged; remove that folder and run `spm feedback -i OUTCOMES` again'
        : `the store was changed or damaged; rebuild it with \`spm ${stage} --force\``;

/**
 * Checks the shape of a parsed manifest; a damaged one is a clear error, not a crash later.
 * `stage` is the stage the caller expects (the manifest's own may be what is damaged).
 */
export function validateManifest(value: unknown, where: string, stage: string): Manifest {
  const fail = (what: string): never => {
    throw new SpmError('ARTIFACT_CORRUPT', `${where} is not a valid manifest: ${what}`, { hint: rebuildHint(stage) });
  };
  if (!isRecord(value)) return fail('not a JSON object');
  if (value.format !== 'spm.manifest' || value.version !== 1) fail('unknown format or version');
  for (const key of ['stage', 'id', 'spm_version', 'created'] as const) if (!isString(value[key])) fail(`${key} missing`);
  if (!isString(value.manifest_sha256)) {
    throw new SpmError('ARTIFACT_OLD', `${where} has no checksum: it was written by spm ${String(value.spm_version)}, before manifests carried one`, {
      hint: 'rebuild with this spm: `spm run` builds the current versions (aliases set before need `spm promote` again)',
    });
  }
  if (!STAGE_NAME.test(value.stage as string) || !VERSION_ID.test(value.id as string)) fail('bad stage or id');
  if (!isRecord(value.params)) fail('params missing');
  const inputs = value.inputs;
  if (!isRecord(inputs) || !Array.isArray(inputs.data) || !Array.isArray(inputs.artifacts)) return fail('inputs missing');
  for (const d of inputs.data) if (!isRecord(d) || !isString(d.path) || !isString(d.sha256)) fail('bad data input');
  for (const a of inputs.artifacts) {
    // A lineage link is a stage and an id of this store, never a path (`../../elsewhere`).
    if (!isRecord(a) || !isString(a.stage) || !isString(a.id) || !STAGE_NAME.test(a.stage) || !VERSION_ID.test(a.id)) fail('bad artifact input');
  }
  if (!Array.isArray(value.outputs)) return fail('outputs missing');
  for (const o of value.outputs) {
    if (!isRecord(o) || !isString(o.path) || !isString(o.sha256) || typeof o.bytes !== 'number') fail('bad output entry');
    const p = (o as Record<string, unknown>).path as string;
    if (p.includes('/') || p.includes('\\') || p.startsWith('.')) fail(`output path ${JSON.stringify(p)} leaves the version folder`);
  }
  if (typeof value.duration_ms !== 'number') fail('duration_ms missing');
  if (!isRecord(value.summary)) fail('summary missing');
  const { manifest_sha256: checksum, ...fields } = value as unknown as Manifest;
  if (manifestChecksum(fields) !== checksum) fail('its content does not match its manifest_sha256 (edited by hand?)');
  return value as unknown as Manifest;
}
