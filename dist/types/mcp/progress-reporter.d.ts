import type { Reporter } from '../cli/progress.js';
/** Where a call's progress and remarks go: MCP notifications, already bound to the call. */
export interface ProgressChannel {
    /** notifications/progress, when the client sent a progress token; `progress` only grows. */
    progress(progress: number, message: string): void;
    /** notifications/message (a log line), also after the call was cancelled. */
    log(text: string): void;
}
/**
 * The CLI's reporter interface, speaking MCP: each poll of a wait (and each polling cycle
 * of a batch) is a progress notification, each remark a log message. Upstream text in
 * them is the caller's to sanitise (`channel`).
 */
export declare function createProgressReporter(channel: ProgressChannel): Reporter;
