/**
 * params.schema.json, derived from the one schema spm validates with (params-schema.ts), so
 * editors (yaml-language-server) complete and check params.yaml with the same rules. Regenerate
 * with `node scripts/params-json-schema.mjs`; tests/pipeline/params-json-schema.test.ts checks
 * that both judge every params document of the tests alike, and that the file is up to date.
 */
import { PARAMS_SCHEMA, type JsonSchema, type Spec } from './params-schema.js';

/** Where the schema says it lives once published (the npm package ships it at its root). */
export const PARAMS_SCHEMA_ID = 'https://unpkg.com/spm-ml/params.schema.json';

/**
 * Rules the loader checks that JSON Schema cannot state; a params file breaking one of them is
 * accepted by an editor and rejected by spm (with its message). The agreement test lists them.
 */
export const BEYOND_JSON_SCHEMA = ['data.bounds: min ≤ max in each [min, max]', 'features.derive: each expression parses and type-checks'] as const;

function toJson(spec: Spec): { schema: JsonSchema; required: boolean } {
  if (spec.kind === 'leaf') {
    const annotations = spec.required ? {} : { default: spec.default };
    return { schema: { description: spec.description, ...annotations, ...spec.json }, required: spec.required === true };
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, child] of Object.entries(spec.fields)) {
    const c = toJson(child);
    properties[key] = c.schema;
    if (c.required) required.push(key);
  }
  // A section with no required key may be left empty (`split:` is null in YAML).
  const schema: JsonSchema = required.length
    ? { type: 'object', additionalProperties: false, required, properties }
    : { type: ['object', 'null'], additionalProperties: false, properties };
  return { schema, required: required.length > 0 };
}

/** The whole params file as a JSON Schema document (draft 2020-12). */
export function paramsJsonSchema(): JsonSchema {
  const { schema } = toJson(PARAMS_SCHEMA);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: PARAMS_SCHEMA_ID,
    title: 'spm params.yaml',
    description: 'The params file of spm (README "Params reference"): every key but data.source and data.target has a default.',
    ...schema,
  };
}

/** The file's text: what scripts/params-json-schema.mjs writes and the test compares. */
export const paramsJsonSchemaText = (): string => `${JSON.stringify(paramsJsonSchema(), null, 2)}\n`;
