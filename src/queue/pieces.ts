/**
 * A piece is one unit of work a queue worker runs (`spm worker`): exactly what one process of
 * the shard commands does, so a piece's result is the result of that command.
 * - `train-fits`: `spm train --shard i/n` (pipeline/train-shard.ts) for the train version `train_id`;
 * - `predict-shard`: `spm predict --shard i/n -o PART` (scoring/predict-shard.ts);
 * - `pipeline`: `spm run` for one params file (ingest → evaluate, up-to-date stages skipped);
 * - `noop`: nothing (measures what the queue itself costs per piece: bench/queue.mjs).
 *
 * Pieces carry absolute paths: every worker must see the project, its store and the input at
 * the same paths (one shared filesystem). A piece's job id is a hash of its content, so two
 * coordinators that enqueue the same piece wait for one job instead of computing it twice.
 */
import { createHash } from 'node:crypto';
import type { StageName } from '../pipeline/stages.js';
import type { ShardSpec } from '../scoring/shard-bounds.js';

/** The params file (absolute), the -S overrides and the --artifacts folder (absolute) a piece opens. */
export interface ProjectRef {
  readonly params: string;
  readonly set: readonly string[];
  readonly artifacts?: string;
}

export type Piece =
  | { readonly kind: 'train-fits'; readonly project: ProjectRef; readonly train_id: string; readonly shard: ShardSpec }
  | {
      readonly kind: 'predict-shard';
      readonly project: ProjectRef;
      readonly input: string;
      readonly output: string;
      /** The --model REF as given (resolved by the piece as by `spm predict`); `merge` checks every part used the same version. */
      readonly model: string;
      /** The input as the user named it: the recorded predictions batch's source, as `spm predict` records it. */
      readonly source: string;
      readonly explain: boolean;
      readonly shard: ShardSpec;
    }
  | { readonly kind: 'pipeline'; readonly project: ProjectRef; readonly force?: boolean; readonly until?: StageName }
  | { readonly kind: 'noop'; readonly n: number };

export type PieceKind = Piece['kind'];

/** Deterministic, Redis-safe job id (BullMQ ids may not contain ':' nor be integers). */
export function pieceId(piece: Piece): string {
  const hash = createHash('sha256').update(JSON.stringify(piece)).digest('hex').slice(0, 20);
  const shard = 'shard' in piece ? `-${piece.shard.index}of${piece.shard.count}` : '';
  return `${piece.kind}${shard}-${hash}`;
}

/** How a piece is named in progress lines and messages: `train fits 3/8`, `pipeline districts/a/params.yaml`. */
export function pieceLabel(piece: Piece): string {
  switch (piece.kind) {
    case 'train-fits':
      return `train fits ${piece.shard.index}/${piece.shard.count}`;
    case 'predict-shard':
      return `predict shard ${piece.shard.index}/${piece.shard.count}`;
    case 'pipeline':
      return `pipeline ${piece.project.params}`;
    case 'noop':
      return `noop ${piece.n}`;
  }
}
