import type { ListIdField, ListShape, ResultUrlField } from './options.js';
import type { Task } from './task-store.js';
export interface ViewSettings {
    /** Where this simulator serves result files. */
    baseUrl: string;
    resultUrlField: ResultUrlField;
    listShape: ListShape;
    listIdField: ListIdField;
}
export declare function resultFileUrl(baseUrl: string, task: Task): string;
/** `reportedStatus` replaces the real status (the `unknown-status` fault). */
export declare function taskDetail(task: Task, settings: ViewSettings, reportedStatus?: string): Record<string, unknown>;
export declare function creationBody(task: Task, isReplay: boolean): Record<string, unknown>;
export declare function webhookBody(task: Task, settings: ViewSettings): Record<string, unknown>;
