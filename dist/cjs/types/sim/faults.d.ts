export declare const FAULT_ROUTES: readonly ["create", "list", "detail", "status", "cancel", "account", "quote", "video"];
export type FaultRoute = (typeof FAULT_ROUTES)[number];
export declare const FAULT_KINDS: readonly ["latency", "http-error", "drop", "reset-mid-body", "failed-200", "html", "slow-drip", "truncated-json", "rate-limit", "stuck", "unknown-status", "hostile-fields", "late", "lost"];
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Kinds that replace the answer; the others only delay or alter a normal answer. */
export type AnsweringFaultKind = Exclude<FaultKind, 'latency' | 'stuck' | 'unknown-status' | 'hostile-fields' | 'late'>;
export interface Fault {
    route: FaultRoute;
    kind: FaultKind;
    /** How many requests (for `stuck`: created tasks) it affects; default: forever. */
    times?: number;
    /** `http-error` (default 500), `html` (default 502), `truncated-json` (default 200). */
    status?: number;
    /**
     * `latency` delay (default 500); `slow-drip` pause between pieces (default 200); `late`:
     * how long after it arrives the create is carried out (default: a seeded draw of 2 to 20
     * simulated seconds, scaled by `speed`).
     */
    delayMs?: number;
    /** `slow-drip`: time the whole body takes to arrive (default 2000). */
    totalMs?: number;
    /** `rate-limit`: how `Retry-After` is sent; default 'seconds'. */
    retryAfter?: 'seconds' | 'http-date' | 'none';
    /** `rate-limit`: the delay it asks for; default 1. */
    retryAfterSeconds?: number;
    /** `http-error`: errorCode of the body; default derived from the status. */
    errorCode?: string;
    /** `http-error`: message of the body. */
    message?: string;
    /**
     * `unknown-status`: the status reported (default QUEUED_EXTERNAL); `hostile-fields`: the
     * text put in the detail's model, output message and error, and credit fields.
     */
    text?: string;
}
/** Checks a list of faults (from options or over HTTP); throws an Error naming the bad entry. */
export declare function parseFaults(value: unknown): Fault[];
/** The faults in force; each use of a fault counts against its `times`. */
export declare class FaultRegistry {
    private active;
    set(faults: Fault[]): void;
    clear(): void;
    /** The first fault of one of these kinds on the route, used up once; undefined if none. */
    take<K extends FaultKind>(route: FaultRoute, kinds: readonly K[]): (Fault & {
        kind: K;
    }) | undefined;
}
export declare const ANSWERING_FAULT_KINDS: readonly AnsweringFaultKind[];
