/**
 * Task shapes as upstream returns them, and the readers that accept each documented
 * variant (`output.url` or `output.videoUrl`; list as array or under tasks/data/items;
 * ids as `id` or `taskId`).
 */
export interface TaskOutput {
    url?: string | null;
    videoUrl?: string | null;
    msg?: string | null;
    error?: string | null;
    [key: string]: unknown;
}
export interface TaskDetail {
    id: string;
    status: string;
    model?: string;
    createdAt?: string;
    completedAt?: string | null;
    input?: Record<string, unknown>;
    output?: TaskOutput | null;
    creditsCharged?: number;
    creditsRefunded?: number;
    listValueCents?: number;
    idempotencyKey?: string | null;
    /** The result link, whichever field upstream used. */
    videoUrl: string | null;
    [key: string]: unknown;
}
export declare function isRecord(value: unknown): value is Record<string, unknown>;
/** The result link: `output.url` or `output.videoUrl`, whichever is present. */
export declare function videoUrlOf(output: unknown): string | null;
export declare function taskIdOf(record: Record<string, unknown>): string | null;
/** Normalizes one detail body; null when it has no id or status. */
export declare function toTaskDetail(body: unknown, fallbackId?: string): TaskDetail | null;
/** The task array of a list answer, whatever its documented shape; null if none. */
export declare function taskListOf(body: unknown): TaskDetail[] | null;
/** Fields of an object list answer that may hold the task array, in order of preference. */
export declare const LIST_FIELDS: readonly string[];
