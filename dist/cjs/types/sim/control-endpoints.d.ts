import type { IncomingMessage } from 'node:http';
import { type Reply } from './reply.js';
import type { SimContext } from './sim-context.js';
import type { SimStats } from './stats.js';
/** Prefix of the simulator's own control routes; they need no key and are never faulted or counted. */
export declare const CONTROL_PREFIX = "/__sim/";
/**
 * `GET /__sim/stats`, `POST /__sim/reset` (zeroes the counters, keeps tasks),
 * `POST /__sim/faults` (a JSON array replacing the faults), `DELETE /__sim/faults` and
 * `POST /__sim/history` (above).
 */
export declare function handleControl(context: SimContext, request: IncomingMessage, pathname: string, stats: () => SimStats): Promise<Reply>;
