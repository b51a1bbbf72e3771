import { type ServerResponse } from 'node:http';
import type { AnsweringFaultKind, Fault } from './faults.js';
import { type Reply } from './reply.js';
import type { TimerSet } from './timers.js';
/** How a faulty answer ended, for the stats: an HTTP status, or no complete response at all. */
export type FaultOutcome = number | 'dropped' | 'reset';
/**
 * Answers a request the way the fault says. `answer` produces the real reply for the
 * kinds that deliver one badly; it is called only for those.
 */
export declare function deliverFault(response: ServerResponse, fault: Fault & {
    kind: AnsweringFaultKind;
}, answer: () => Promise<Reply>, time: {
    timers: TimerSet;
    now: () => number;
}): Promise<FaultOutcome>;
