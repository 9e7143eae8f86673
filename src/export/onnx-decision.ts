/**
 * From the model's output to the graph's outputs, deciding classes as decideClasses
 * (src/models/decision.ts) does: a binary task with a positive class predicts it when its
 * probability is ≥ the decision threshold; otherwise the most probable class wins, the first
 * on ties (ArgMax with select_last_index 0, like numpy.argmax).
 */
import { attr, type GraphBuilder } from './graph-builder.js';
import type { ModelOutput } from './onnx-models.js';
import type { ValueInfo } from './onnx-proto.js';

export const PREDICTION = 'prediction';
export const PROBABILITIES = 'probabilities';

export interface Decision {
  readonly classes: readonly string[];
  /** Binary tasks with a positive class: its index in `classes`. */
  readonly positiveIndex: number | undefined;
  readonly threshold: number;
}

/** Adds the graph outputs; `decision` is null for regression. */
export function buildOutputs(g: GraphBuilder, out: ModelOutput, decision: Decision | null): ValueInfo[] {
  if (out.kind === 'value') {
    const shape = g.ints('prediction/shape', [1], [-1]);
    g.node('Reshape', [out.value, shape], [{ name: PREDICTION }]);
    return [{ name: PREDICTION, type: 'float', shape: ['N'], doc: 'the predicted value' }];
  }
  if (decision === null) throw new Error('a classifier needs its classes to decide');
  const { classes, positiveIndex, threshold } = decision;
  const [probabilities] = g.node('Identity', [out.probabilities], [{ name: PROBABILITIES }]);
  let index: string;
  if (classes.length === 2 && positiveIndex !== undefined) {
    const column = g.ints('positive/index', [], [positiveIndex]);
    const [p] = g.node('Gather', [probabilities!, column], ['positive/probability'], [attr.int('axis', 1)]);
    const limit = g.floats('decision/threshold', [], [threshold]);
    const [positive] = g.node('GreaterOrEqual', [p!, limit], ['decision/positive']);
    const yes = g.ints('decision/positive_class', [], [positiveIndex]);
    const no = g.ints('decision/negative_class', [], [1 - positiveIndex]);
    [index] = g.node('Where', [positive!, yes, no], ['decision/class']) as [string];
  } else {
    [index] = g.node('ArgMax', [probabilities!], ['decision/class'], [attr.int('axis', 1), attr.int('keepdims', 0), attr.int('select_last_index', 0)]) as [string];
  }
  const labels = g.strings('classes', [classes.length], classes);
  g.node('Gather', [labels, index], [{ name: PREDICTION }], [attr.int('axis', 0)]);
  return [
    { name: PREDICTION, type: 'string', shape: ['N'], doc: 'the predicted class' },
    { name: PROBABILITIES, type: 'float', shape: ['N', classes.length], doc: `class probabilities, columns in the order ${JSON.stringify(classes)}` },
  ];
}
