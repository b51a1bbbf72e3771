import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './sim-context.js';
import type { SimStats } from './stats.js';
/** Answers one request; never throws, whatever the client does. */
export declare function dispatch(context: SimContext, request: IncomingMessage, response: ServerResponse, stats: () => SimStats): Promise<void>;
