import type { Account } from './accounts.js';
import type { Task } from './task-store.js';
/** JSON with object keys sorted at every level, so key order never makes two bodies differ. */
export declare function canonicalJson(value: unknown): string;
export type IdempotencyMatch = {
    kind: 'new';
} | {
    kind: 'replay';
    task: Task;
} | {
    kind: 'conflict';
    task: Task;
};
/** Idempotency-Key -> task, per API key: a replay returns the task, a different body conflicts. */
export declare class IdempotencyLedger {
    private readonly entries;
    match(account: Account, idempotencyKey: string, model: string, payload: unknown): IdempotencyMatch;
    record(account: Account, idempotencyKey: string, model: string, payload: unknown, task: Task): void;
}
