/**
 * What either face can be asked to do (the action's `action` input, the CLI's `--action`):
 * `run`, the full workflow and the default, or one API operation.
 */
export declare const OPERATION_NAMES: readonly ["run", "createGeneration", "getStatus", "getTask", "cancelTask", "listTasks", "account", "quote"];
export type OperationName = (typeof OPERATION_NAMES)[number];
/** The API operations, named as in the envelope's messages. */
export type Operation = Exclude<OperationName, 'run'>;
export declare function isOperationName(value: string): value is OperationName;
/** The operation spelled `text` in any letter case (`getstatus` -> `getStatus`), if any. */
export declare function findOperationName(text: string): OperationName | undefined;
