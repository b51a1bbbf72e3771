import type { Failure } from './envelope.js';
import type { ApiResult } from '../http/transport.js';
import type { NetworkFailure } from '../http/network-failure.js';
import type { Operation } from './operation-names.js';
export { actionableMessage } from './advice.js';
type Answer = Extract<ApiResult, {
    kind: 'response';
}>;
declare const errorAnswer: unique symbol;
/**
 * An exchange that failed: no answer, or an answer that says error. The mark lets the
 * other branch of `isErrorAnswer` narrow to an answer.
 */
export type ErrorAnswer = Extract<ApiResult, {
    kind: 'network';
}> | (Answer & {
    readonly [errorAnswer]: true;
});
/** Is this answer an error (rather than data), judged by status code and body? */
export declare function isErrorAnswer(result: ApiResult, operation: Operation): result is ErrorAnswer;
/**
 * Maps any failed exchange to a stable code with an actionable message. `baseUrl`, when
 * given, is named in the message of an answer that shows the base URL is wrong.
 */
export declare function failureFromResult(result: ApiResult, operation: Operation, baseUrl?: string): Failure;
export declare function failureFromNetwork(failure: NetworkFailure, operation: Operation, attempts: number): Failure;
