/** judgeChallenger: the candidate must win, in the metric's better direction, by at least --min-delta. */
import { describe, expect, it } from 'vitest';
import { judgeChallenger } from '../../src/metrics/challenger.js';

describe('judgeChallenger', () => {
  it('higher is better for scores, lower for errors', () => {
    expect(judgeChallenger('r2', 0.85, 0.8, 0, true)).toMatchObject({ promote: true, why: 'won on r2 by 0.05 (higher is better)' });
    expect(judgeChallenger('r2', 0.75, 0.8, 0, true)).toMatchObject({ promote: false, why: 'behind on r2 by 0.05 (higher is better)' });
    expect(judgeChallenger('rmse', 4.5, 5, 0, true)).toMatchObject({ promote: true, margin: 0.5, why: 'won on rmse by 0.5 (lower is better)' });
    expect(judgeChallenger('rmse', 5.5, 5, 0, true)).toMatchObject({ promote: false, margin: -0.5, why: 'behind on rmse by 0.5 (lower is better)' });
  });

  it('--min-delta: a win smaller than it is refused; a tie never promotes', () => {
    expect(judgeChallenger('accuracy', 0.81, 0.8, 0.02, true)).toMatchObject({ promote: false, why: 'ahead on accuracy by only 0.01, less than --min-delta 0.02' });
    expect(judgeChallenger('accuracy', 0.83, 0.8, 0.02, true)).toMatchObject({ promote: true, why: 'won on accuracy by 0.03 (higher is better; needed 0.02)' });
    expect(judgeChallenger('mae', 3, 3, 0, true)).toMatchObject({ promote: false, margin: 0, why: 'tied on mae' });
  });

  it('no holder, or a metric undefined on the rows', () => {
    expect(judgeChallenger('r2', 0.5, null, 0, false)).toMatchObject({ promote: true, why: 'no current holder' });
    expect(judgeChallenger('roc_auc', null, 0.7, 0, true)).toMatchObject({ promote: false, why: "the candidate's roc_auc is undefined on these rows" });
    expect(judgeChallenger('roc_auc', 0.7, null, 0, true)).toMatchObject({ promote: true, why: "the champion's roc_auc is undefined on these rows" });
  });
});
