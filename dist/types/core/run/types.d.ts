/** How the Idempotency-Key of a create is chosen (input `idempotency-key`, flag `--idempotency-key`). */
export type IdempotencySetting = {
    mode: 'auto';
} | {
    mode: 'none';
} | {
    mode: 'explicit';
    key: string;
};
/** Where a step runs: the parts of the GitHub context that identify it across re-runs. */
export interface StepIdentity {
    repository: string;
    workflow: string;
    job: string;
    runId: string;
    /** GITHUB_ACTION: the step's id (or generated name). */
    step: string;
}
/** The run a face is in, as far as it can tell; each field null when it cannot. */
export interface RunContext {
    /** The workflow step (GitHub Actions); null outside a workflow run. */
    identity: StepIdentity | null;
    /** GITHUB_RUN_ATTEMPT; null when unknown. */
    attempt: number | null;
}
/** The key a face hands to `run`, and whether an earlier run can have sent it. */
export interface ResolvedKey {
    /** The base of the key's lineage (see key-lineage.ts); undefined: send none. */
    idempotencyKey: string | undefined;
    /** False when no earlier run can have sent the key, so its tasks need not be looked up. */
    usedBefore: boolean;
}
