/**
 * The thread a queue worker runs each piece on (worker.ts): a piece's CPU-bound work (fitting,
 * scoring) blocks its own event loop, never the worker's, which keeps renewing the job's lock
 * in Redis meanwhile. One fresh thread per piece; if the process is killed, the thread dies
 * with it (BullMQ then hands the piece to another worker).
 */
import { serveTasks } from '../util/worker.js';
import type { Piece } from './pieces.js';
import { runPiece } from './run-piece.js';

serveTasks((piece: Piece) => runPiece(piece, (text) => process.stderr.write(`warning: ${text}\n`)));
