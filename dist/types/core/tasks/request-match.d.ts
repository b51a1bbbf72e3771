import { type TaskDetail } from '../api/task-record.js';
/** What one create sends upstream: the model and the payload as validated (coerced). */
export interface RequestContent {
    model: string;
    payload: unknown;
}
/**
 * True when a listed task's echo (`model`, `input`) proves it was made for `request`:
 * the model is the same, and `input` holds exactly the fields sent, each equal, no more
 * and no fewer. One field cannot be proven: an image sent as a data URI, which upstream
 * stores and may echo as a URL (see upstream-api.md). Such a field matches the same data
 * URI or any http(s) URL, and the rest of the echo must prove the match; the create that
 * resumes a task sends the same key and body, so upstream's own replay check then
 * compares the image itself (a different one answers IDEMPOTENCY_CONFLICT, charging
 * nothing). A task whose echo lacks its model or input proves nothing and never matches.
 */
export declare function matchesRequest(task: TaskDetail, request: RequestContent): boolean;
