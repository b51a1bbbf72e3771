/** The limits a create may carry on its own: its Idempotency-Key and X-Max-Credits. */
export interface CreateLimits {
    idempotencyKey?: string;
    maxCredits?: number;
}
/**
 * What is wrong with `limits`, as parts of one message; empty when each is fine or absent.
 * The client checks a create's headers with it, and batch validation every job's.
 */
export declare function findCreateLimitProblems(limits: CreateLimits): string[];
