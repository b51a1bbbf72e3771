import type { OperationRequest } from '../core/operation/types.js';
import type { Invocation } from './invocation.js';
/**
 * The checked command line as the core's request: `auto` keys derive from the command
 * (model and payload, or the batch file's items), as on every run of the same command.
 */
export declare function toOperationRequest(invocation: Invocation): OperationRequest;
