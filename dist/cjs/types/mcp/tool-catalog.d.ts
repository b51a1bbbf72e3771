import type { OperationName } from '../core/api/operation-names.js';
/** A JSON Schema node, as tools/list sends it. */
export type JsonSchemaNode = Record<string, unknown>;
/** One tool: the CLI action it runs and the arguments it takes (the action's own flags). */
export interface ToolSpec {
    name: string;
    /** The CLI action the tool runs; `run_batch` is run with `--batch`. */
    action: OperationName;
    isBatch: boolean;
    description: string;
    inputSchema: {
        type: 'object';
        properties: Record<string, JsonSchemaNode>;
        required: string[];
    };
}
/** The CLI flag of each tool argument (`task_id` -> `task-id`). */
export declare const ARGUMENT_FLAGS: ReadonlyMap<string, string>;
/** The tools the server offers, in tools/list order. */
export declare const TOOLS: readonly ToolSpec[];
export declare function findTool(name: string): ToolSpec | undefined;
