/**
 * Best-effort status notifications: one POST per status change, in order per task,
 * each given 2 s; a failing receiver is ignored and never affects the task.
 */
export declare class WebhookSender {
    private readonly inFlight;
    private readonly queues;
    private isStopped;
    notify(taskId: string, url: string, payload: Record<string, unknown>): void;
    /** Abandons every delivery in flight (the server is stopping). */
    stop(): void;
    private post;
}
