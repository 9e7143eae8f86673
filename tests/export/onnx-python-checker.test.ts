/**
 * onnx's own checker (onnx.checker.check_model with full_check, shape inference included) on
 * exported graphs, where Python's `onnx` is installed. It is not on the machine these tests
 * were written on, so there the project's structural check (onnx-export.test.ts) stands in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/export/export-onnx.js';
import { TINY_INFO, tinyPipeline } from './tiny-pipeline.js';

const PYTHON = '/usr/bin/python3';
const hasOnnx = spawnSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
const title = hasOnnx ? "onnx.checker.check_model(full_check=True) passes exported graphs" : "onnx.checker (skipped: Python's onnx is not installed here; the structural check of onnx-export.test.ts runs instead)";

describe.skipIf(!hasOnnx)(title, () => {
  const cases = [
    ['linear regression', tinyPipeline('regression')],
    ['logistic', tinyPipeline('classification')],
    ['tree regression', tinyPipeline('regression', 'tree')],
    ['tree classifier', tinyPipeline('classification', 'tree')],
  ] as const;
  for (const [name, pipeline] of cases) {
    it(name, () => {
      const file = join(mkdtempSync(join(tmpdir(), 'spm-onnx-')), 'model.onnx');
      writeFileSync(file, exportOnnx(pipeline, TINY_INFO).bytes);
      const res = spawnSync(PYTHON, ['-c', 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', file], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    });
  }
});
