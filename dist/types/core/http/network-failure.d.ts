/** What went wrong below HTTP: the request got no (complete) answer. */
export type NetworkFailureKind = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'too-large' | 'other';
export interface NetworkFailure {
    kind: NetworkFailureKind;
    /** Short description for logs and error messages (never contains the key). */
    summary: string;
    retryable: boolean;
}
export declare function classifyNetworkError(error: unknown, timedOut: boolean, timeoutMs: number): NetworkFailure;
