/**
 * params.schema.json (what editors check params.yaml with) against spm's own loader: every
 * params document of the tests gets the same verdict from both, and the committed file is what
 * scripts/params-json-schema.mjs generates from src/pipeline/params-schema.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpmError } from '../../src/errors.js';
import { parseParamsText, parseParamsYaml } from '../../src/pipeline/params.js';
import { BEYOND_JSON_SCHEMA, paramsJsonSchemaText } from '../../src/pipeline/params-json-schema.js';
import { paramsDoc } from '../helpers/params-docs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = '/work/project/params.yaml';
const schema = JSON.parse(readFileSync(join(ROOT, 'params.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(schema);

type Verdict = 'valid' | 'invalid' | 'not yaml';

/** spm's verdict: the loader accepts the text, rejects its params, or cannot read it as YAML. */
function spmVerdict(text: string): Verdict {
  try {
    parseParamsText(text, FILE, []);
    return 'valid';
  } catch (e) {
    if (!isSpmError(e)) throw e;
    return e.code === 'PARAMS_YAML' ? 'not yaml' : 'invalid';
  }
}

/** The JSON Schema's verdict on the same parsed document. */
function schemaVerdict(text: string): Verdict {
  const parsed = parseParamsYaml(text);
  if (!parsed) return 'not yaml';
  return validate(parsed.value) ? 'valid' : 'invalid';
}

/** Every load(`…`) / load('…') document of tests/pipeline/params.test.ts, evaluated as written. */
function paramsTestDocuments(): string[] {
  const source = readFileSync(join(ROOT, 'tests', 'pipeline', 'params.test.ts'), 'utf8');
  const TWO_LINES = 'data:\n  source: data/students.csv\n  target: math_score\n';
  const docs: string[] = [];
  for (const m of source.matchAll(/\bload\((`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')/g)) {
    try {
      docs.push(new Function('TWO_LINES', `return ${m[1]};`)(TWO_LINES) as string);
    } catch {
      // A literal built from the test's local variables (e.g. `${lines.join('\n')}`): not harvestable.
    }
  }
  return docs;
}

/** Documents that JSON Schema cannot judge like spm, one per BEYOND_JSON_SCHEMA rule. */
const BEYOND = [
  'data:\n  source: a.csv\n  target: y\n  bounds: { math_score: [100, 0] }\n',
  'data:\n  source: a.csv\n  target: y\nfeatures:\n  derive: { total: "Quiz1 +" }\n',
];

describe('params.schema.json', () => {
  it('is what scripts/params-json-schema.mjs generates from the params schema (run it after changing params-schema.ts)', () => {
    expect(readFileSync(join(ROOT, 'params.schema.json'), 'utf8')).toBe(paramsJsonSchemaText());
  });

  it('judges every params document of tests/pipeline/params.test.ts as spm does', () => {
    const docs = paramsTestDocuments();
    expect(docs.length).toBeGreaterThan(40);
    const verdicts = docs.map((text) => ({ text, spm: spmVerdict(text), schema: schemaVerdict(text) }));
    expect(verdicts.filter((v) => v.spm !== v.schema)).toEqual([]);
    // Both kinds are in the corpus, or agreement would prove little.
    expect(new Set(verdicts.map((v) => v.spm))).toEqual(new Set(['valid', 'invalid', 'not yaml']));
  });

  it('judges the generated documents of the params fuzz test as spm does (fast-check)', () => {
    const seen = { valid: 0, invalid: 0, 'not yaml': 0 };
    fc.assert(
      fc.property(paramsDoc, (text) => {
        const spm = spmVerdict(text);
        seen[spm]++;
        expect(schemaVerdict(text), text).toBe(spm);
      }),
      { seed: 701, numRuns: 1500 },
    );
    expect(seen.valid).toBeGreaterThan(20);
    expect(seen.invalid).toBeGreaterThan(200);
  });

  it("accepts the repository's params.yaml", () => {
    const own = readFileSync(join(ROOT, 'params.yaml'), 'utf8');
    expect([spmVerdict(own), schemaVerdict(own)]).toEqual(['valid', 'valid']);
  });

  it(`lists what it cannot express (${BEYOND_JSON_SCHEMA.join('; ')}): spm rejects, the editor accepts`, () => {
    expect(BEYOND).toHaveLength(BEYOND_JSON_SCHEMA.length);
    for (const text of BEYOND) expect([spmVerdict(text), schemaVerdict(text)]).toEqual(['invalid', 'valid']);
  });
});
