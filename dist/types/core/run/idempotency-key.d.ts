/** Where a step runs: the parts of the GitHub context that identify it across re-runs. */
export interface StepIdentity {
    repository: string;
    workflow: string;
    job: string;
    runId: string;
    /** GITHUB_ACTION: the step's id (or generated name). */
    step: string;
}
/**
 * Derives an Idempotency-Key that is the same for every attempt of one step of one run
 * (the run attempt is deliberately left out), so "Re-run jobs" resumes the task the first
 * attempt paid for instead of paying again. A different model or payload gives a new key.
 */
export declare function deriveIdempotencyKey(identity: StepIdentity, model: string, payload: unknown): string;
/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
export declare function canonicalJson(value: unknown): string;
