import { describe, expect, it } from 'vitest';
import { GATE_OPERATORS, meetsCondition, normaliseCondition, parseGateCondition } from '../../src/metrics/condition.js';

describe('conditions (gates, recommendation rules)', () => {
  it('parses an operator and a number, with or without a space', () => {
    expect(parseGateCondition('>= 0.80')).toEqual({ op: '>=', value: 0.8 });
    expect(parseGateCondition('  <-1e-3 ')).toEqual({ op: '<', value: -0.001 });
    expect(parseGateCondition('== .5')).toEqual({ op: '==', value: 0.5 });
  });

  it('is undefined for text that is not a condition', () => {
    for (const text of ['=> 1', '>= ', 'about 5', '>= 0.8 or so', '!= 3']) expect(parseGateCondition(text)).toBeUndefined();
  });

  it('normalises to "<op> <number>" keeping the number as written', () => {
    expect(normaliseCondition('>=0.80')).toBe('>= 0.80');
    expect(normaliseCondition(' <  5e2 ')).toBe('< 5e2');
    expect(normaliseCondition('at least 5')).toBeUndefined();
  });

  it('tests a value with each operator', () => {
    const at = (op: (typeof GATE_OPERATORS)[number], value: number): boolean[] => [4, 5, 6].map((v) => meetsCondition(v, { op, value }));
    expect(at('>=', 5)).toEqual([false, true, true]);
    expect(at('>', 5)).toEqual([false, false, true]);
    expect(at('<=', 5)).toEqual([true, true, false]);
    expect(at('<', 5)).toEqual([true, false, false]);
    expect(at('==', 5)).toEqual([false, true, false]);
  });
});
