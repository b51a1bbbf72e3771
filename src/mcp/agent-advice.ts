import type { Envelope } from '../core/api/envelope.js'
import type { ErrorCode } from '../core/api/error-codes.js'
import { nextSteps, withoutFirstSentence } from '../core/api/errors.js'

type Advice = (taskId: string) => string

const resume = (id: string): string => `generate_video {"task_id":"${id}"}`

/**
 * Advice that names a setting or a next call, in the words of an agent calling tools;
 * other codes keep the core's advice, which names neither.
 */
const AGENT_NEXT_STEPS: Partial<Record<ErrorCode, Advice>> = {
  INVALID_MODEL: () =>
    'Use one of the models the generate_video schema lists (the account tool shows what the key may use).',
  AUTH_FAILED: () =>
    "The server's AIVIDEO_API_KEY is missing, mistyped, disabled or deleted. Ask the user to fix it in the MCP server's configuration; never ask for the key in the conversation.",
  RATE_LIMITED: () =>
    'Wait retryAfter seconds, then call again; for many videos use run_batch, which polls them all with one request.',
  NETWORK_ERROR: id =>
    `Call again in a moment; if it keeps failing, ask the user to check connectivity and the server's AIVIDEO_BASE_URL. A created task is resumed with ${resume(id)}.`,
  UNKNOWN_ERROR: () =>
    "Call again later; if it persists, ask the user to check the server's AIVIDEO_BASE_URL and the service status.",
  INVALID_INPUT: () => 'Fix the argument named above and call again; nothing was sent.',
  TIMEOUT: id =>
    `The task may still finish and is paid for: resume waiting with ${resume(id)} (no new charge), or read it with get_status; cancel_task cancels it only while it is SUBMITTED.`,
  BUDGET_EXCEEDED: () =>
    'Nothing was charged. Tell the user the price (the quote tool) and raise max_credits only with their consent, or choose a cheaper model or shorter duration.',
  IDEMPOTENCY_CONFLICT: () =>
    'This idempotency_key was already used with a different request; use a new idempotency_key (or "auto").',
  ABORTED: id =>
    `The call was cancelled; the task keeps running upstream: resume with ${resume(id)}, or cancel it with cancel_task.`,
  ROUTE_NOT_FOUND: () =>
    "Ask the user to check the server's AIVIDEO_BASE_URL: it must be the service root (https://aivideomaker.ai).",
  DOWNLOAD_REFUSED: () =>
    'Nothing was saved. Call get_task for data.videoUrl and give the user the link instead (it expires after 24 hours).'
}

/** The next steps a message with `code` ends with when an agent reads it. */
export function agentAdvice(code: ErrorCode, taskId: string): string {
  const advice = AGENT_NEXT_STEPS[code]
  return advice === undefined ? nextSteps(code) : advice(taskId)
}

/**
 * The envelope with the core's next steps (errors.ts) swapped for the agent's, its task
 * id filled in, as the CLI and the action swap them for theirs; a batch's item envelopes too.
 */
export function inAgentWords(envelope: Envelope<unknown>): Envelope<unknown> {
  const worded = reworded(envelope)
  const data = worded.data as { results?: unknown } | null
  if (!Array.isArray(data?.results)) return worded
  const results = (data.results as Envelope<unknown>[]).map(reworded)
  return { ...worded, data: { ...data, results } }
}

function reworded(envelope: Envelope<unknown>): Envelope<unknown> {
  const { errorCode: code, errorMessage: message } = envelope
  if (code === null || message === null || AGENT_NEXT_STEPS[code] === undefined) return envelope
  const standard = nextSteps(code)
  const words = agentAdvice(code, envelope.taskId ?? '<id>')
  for (const [tail, replacement] of [
    [standard, words],
    [withoutFirstSentence(standard), withoutFirstSentence(words)]
  ]) {
    if (tail !== '' && message.endsWith(tail)) {
      return { ...envelope, errorMessage: message.slice(0, -tail.length) + replacement }
    }
  }
  return envelope
}
