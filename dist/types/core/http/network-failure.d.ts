/** What went wrong below HTTP: the request got no (complete) answer. */
export type NetworkFailureKind = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'too-large' | 'local' | 'other';
export interface NetworkFailure {
    kind: NetworkFailureKind;
    /** Short description for logs and error messages (never contains the key). */
    summary: string;
    retryable: boolean;
}
/** Is this a failure of the local file system (never a network one)? */
export declare function isLocalIoError(error: unknown): boolean;
export declare function classifyNetworkError(error: unknown, timedOut: boolean, timeoutMs: number): NetworkFailure;
