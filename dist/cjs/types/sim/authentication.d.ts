import type { IncomingMessage } from 'node:http';
import type { Account } from './accounts.js';
import { type Reply } from './reply.js';
import type { SimContext } from './sim-context.js';
/**
 * The account behind the bare `key` header, or the 401 to answer. Messages never echo
 * the key: a wrong key is often a real one pasted into the wrong place.
 */
export declare function authenticate(context: SimContext, request: IncomingMessage): Account | Reply;
