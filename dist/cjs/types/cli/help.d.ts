import { type OperationName } from '../core/api/operation-names.js';
export declare const VERSION: string;
/** `aivideomaker --help`: every action, flag, variable, the output and the exit codes. */
export declare function toolHelp(): string;
/** `aivideomaker --help --action <name>`. */
export declare function actionHelp(name: OperationName): string;
