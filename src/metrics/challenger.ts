/**
 * Champion–challenger (pure): does a candidate beat the current holder of an alias by at least
 * `minDelta` on a metric, in that metric's better direction (the metric table knows it: rmse
 * and mae lower, the scores higher)? A tie never promotes: the candidate has to win.
 */
import { METRICS, type MetricName } from './index.js';

export interface ChallengeVerdict {
  readonly promote: boolean;
  /** How far the candidate is ahead, in the better direction (negative: behind); null when a value is missing. */
  readonly margin: number | null;
  /** The decision in words, for the table and the history. */
  readonly why: string;
}

const fmt = (x: number): string => (Math.abs(x) >= 1000 || x === 0 ? String(Number(x.toPrecision(6))) : x.toPrecision(4).replace(/\.?0+$/, ''));

/** `champion` null: the alias has no holder (or its metric is undefined there): any scored candidate wins. */
export function judgeChallenger(metric: MetricName, candidate: number | null, champion: number | null, minDelta: number, hasChampion: boolean): ChallengeVerdict {
  if (candidate === null || Number.isNaN(candidate)) return { promote: false, margin: null, why: `the candidate's ${metric} is undefined on these rows` };
  if (!hasChampion) return { promote: true, margin: null, why: 'no current holder' };
  if (champion === null || Number.isNaN(champion)) return { promote: true, margin: null, why: `the champion's ${metric} is undefined on these rows` };
  const margin = METRICS[metric].direction === 'min' ? champion - candidate : candidate - champion;
  const better = METRICS[metric].direction === 'min' ? 'lower' : 'higher';
  if (margin > 0 && margin >= minDelta) return { promote: true, margin, why: `won on ${metric} by ${fmt(margin)} (${better} is better${minDelta > 0 ? `; needed ${fmt(minDelta)}` : ''})` };
  if (margin > 0) return { promote: false, margin, why: `ahead on ${metric} by only ${fmt(margin)}, less than --min-delta ${fmt(minDelta)}` };
  return { promote: false, margin, why: margin === 0 ? `tied on ${metric}` : `behind on ${metric} by ${fmt(-margin)} (${better} is better)` };
}
