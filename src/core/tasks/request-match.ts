import { isRecord, type TaskDetail } from '../api/task-record.js'

/** What one create sends upstream: the model and the payload as validated (coerced). */
export interface RequestContent {
  model: string
  payload: unknown
}

/** An image sent inline; upstream stores it and may echo a URL in its place. */
const DATA_URI = /^data:[^,;]*;base64,/i
const HTTP_URL = /^https?:\/\//i

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
export function matchesRequest(task: TaskDetail, request: RequestContent): boolean {
  return (
    typeof task.model === 'string' &&
    task.model === request.model &&
    isRecord(task.input) &&
    isEchoOf(request.payload, task.input)
  )
}

/** Compares along the sent value, which was validated (so shallow): an echo cannot go deeper. */
function isEchoOf(sent: unknown, echoed: unknown): boolean {
  if (typeof sent === 'string' && DATA_URI.test(sent)) {
    return typeof echoed === 'string' && (echoed === sent || HTTP_URL.test(echoed))
  }
  if (Array.isArray(sent)) {
    return (
      Array.isArray(echoed) &&
      echoed.length === sent.length &&
      sent.every((item, i) => isEchoOf(item, echoed[i]))
    )
  }
  if (isRecord(sent)) {
    if (!isRecord(echoed)) return false
    const fields = Object.keys(sent).filter(field => sent[field] !== undefined)
    const echoedFields = Object.keys(echoed).filter(field => echoed[field] !== undefined)
    return (
      fields.length === echoedFields.length &&
      fields.every(field => Object.hasOwn(echoed, field) && isEchoOf(sent[field], echoed[field]))
    )
  }
  return sent === echoed
}
