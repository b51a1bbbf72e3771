import type { DurationDistribution } from './time-scale.js';
/** One task as the stats show it. */
export interface TaskStats {
    id: string;
    model: string;
    status: string;
    creditsCharged: number;
    creditsRefunded: number;
    createdAtMs: number;
    /**
     * Time on the simulator's clock (real time unless it was given another) at which the
     * task became terminal in simulated time, whether or not anybody looked; null while it
     * is not terminal.
     */
    terminalAtMs: number | null;
}
export interface SimStats {
    /** Responses per route (create, list, ...; `input`, `other`) per HTTP status, or `dropped` / `reset`. */
    requests: Record<string, Record<string, number>>;
    totalRequests: number;
    /** Answers, per route, whose client closed the connection before their last byte. */
    unfinished: Record<string, number>;
    /** Requests to list, detail and status (the rate-limited task queries). */
    queryRequests: number;
    /** 429s sent by the task-query limit (not by faults or the creation limit). */
    rateLimited: number;
    /** New tasks created. */
    creations: number;
    /** Creates answered from an Idempotency-Key without a new task. */
    replays: number;
    /** Creates held by a `late` fault: arrived, and carried out since (the rest are pending). */
    lateCreates: {
        arrived: number;
        carriedOut: number;
    };
    /** Creates a `lost` fault swallowed: they arrived and were never carried out. */
    lostCreates: number;
    credits: {
        charged: number;
        refunded: number;
    };
    /** Balance per key fingerprint (a short prefix; never the key). */
    balances: Record<string, number>;
    /** How generation times are drawn. */
    durations: DurationDistribution;
    /** How the list answers: history tasks per key fingerprint, and paging (null: one page). */
    listing: ListingStats;
    tasks: TaskStats[];
}
export interface ListingStats {
    historyTasks: Record<string, number>;
    pageSize: number;
    paging: string | null;
}
/** Counters for tests and benchmarks; reset() zeroes them (tasks and balances are state, not counters). */
export declare class StatsRecorder {
    private counters;
    recordResponse(route: string, outcome: number | 'dropped' | 'reset'): void;
    countUnfinished(route: string): void;
    countRateLimited(): void;
    countCreation(credits: number): void;
    countReplay(): void;
    countLateCreate(stage: 'arrived' | 'carriedOut'): void;
    countLostCreate(): void;
    countRefund(credits: number): void;
    reset(): void;
    snapshot(balances: Record<string, number>, tasks: TaskStats[], durations: DurationDistribution, listing: ListingStats): SimStats;
}
