/**
 * The recommendation table (segments.recommendations): rules of prediction × segment → action,
 * the first matching rule wins. A rule's `segment` is a segment name; its `prediction` a class
 * label (classification) or a condition on the predicted score such as "< 50" (regression);
 * either left out (or "*") matches anything. A row no rule matches gets no recommendation ('').
 */
import { meetsCondition, parseGateCondition } from '../metrics/condition.js';

export interface RecommendationRule {
  readonly segment?: string;
  readonly prediction?: string;
  readonly action: string;
}

/**
 * Used when segments.recommendations is not set. `unfavourable`: for a binary target, the class
 * that is the bad outcome (a predicted Fail is what makes a row urgent); otherwise undefined.
 */
export function defaultRecommendations(unfavourable?: string): RecommendationRule[] {
  return [
    ...(unfavourable === undefined
      ? []
      : [
          { segment: 'At risk', prediction: unfavourable, action: 'Priority support: a one-to-one plan and a weekly check-in' },
          { prediction: unfavourable, action: 'Support: a tutoring referral and a check-in within two weeks' },
        ]),
    { segment: 'At risk', action: unfavourable === undefined ? 'Priority support: a one-to-one plan and a weekly check-in' : 'Watch: in the at-risk segment; check in monthly' },
    { segment: 'High performer', action: 'Stretch: enrichment work or a peer-tutoring role' },
    { action: 'Monitor: review at the next progress check' },
  ];
}

function predictionMatches(rule: string | undefined, prediction: string | number): boolean {
  if (rule === undefined || rule === '*') return true;
  if (typeof prediction === 'number') {
    const condition = parseGateCondition(rule);
    return condition !== undefined && meetsCondition(prediction, condition);
  }
  return rule === prediction;
}

export function recommend(rules: readonly RecommendationRule[], segment: string, prediction: string | number): string {
  for (const rule of rules) {
    if ((rule.segment === undefined || rule.segment === '*' || rule.segment === segment) && predictionMatches(rule.prediction, prediction)) return rule.action;
  }
  return '';
}
