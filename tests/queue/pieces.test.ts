/**
 * The pure parts of the queue: job ids of pieces (deterministic, Redis-safe, one per piece) and
 * the progress line a --queue command shows.
 */
import { describe, expect, it } from 'vitest';
import { queueProgressLine } from '../../src/cli/queue-command.js';
import { checkQueueUrl, storeQueueName } from '../../src/queue/connection.js';
import { pieceId, pieceLabel, type Piece } from '../../src/queue/pieces.js';
import { thrownSpmError } from '../helpers/errors.js';

const project = { params: '/work/p/params.yaml', set: ['train.cv.folds=4'], artifacts: '/work/p/artifacts' };
const fits = (index: number): Piece => ({ kind: 'train-fits', project, train_id: 'abc123', shard: { index, count: 8 } });

describe('pieces', () => {
  it('a job id is the same for the same piece, differs for another, and is a valid BullMQ id (no colon, not an integer)', () => {
    expect(pieceId(fits(3))).toBe(pieceId(fits(3)));
    expect(pieceId(fits(3))).not.toBe(pieceId(fits(4)));
    expect(pieceId({ ...fits(3), project: { ...project, set: [] } } as Piece)).not.toBe(pieceId(fits(3)));
    expect(pieceId(fits(3))).toMatch(/^train-fits-3of8-[0-9a-f]{20}$/);
    expect(pieceId({ kind: 'pipeline', project })).toMatch(/^pipeline-[0-9a-f]{20}$/);
    expect(pieceLabel(fits(3))).toBe('train fits 3/8');
  });

  it('a store has one queue name, from its path', () => {
    expect(storeQueueName('/work/p/artifacts')).toBe(storeQueueName('/work/p/artifacts'));
    expect(storeQueueName('/work/p/artifacts')).not.toBe(storeQueueName('/work/q/artifacts'));
    expect(storeQueueName('/work/p/artifacts')).toMatch(/^store-[0-9a-f]{16}$/);
  });

  it('the progress line counts pieces and names the workers running them', () => {
    expect(queueProgressLine({ total: 8, done: 3, running: 2, failed: 0, workers: { 'b:40': 1, 'a:12': 1 } })).toBe('queue: 3/8 pieces done, 2 running (a:12 ×1, b:40 ×1), 0 failed');
    expect(queueProgressLine({ total: 2, done: 2, running: 0, failed: 0, workers: {} })).toBe('queue: 2/2 pieces done, 0 running, 0 failed');
  });

  it('refuses a queue address that is not a Redis URL', () => {
    const error = thrownSpmError(() => checkQueueUrl('http://localhost:6379'));
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('--queue http://localhost:6379: expected a Redis URL, redis://HOST:PORT');
    expect(checkQueueUrl('redis://10.0.0.5:6380')).toBe('redis://10.0.0.5:6380');
  });
});
