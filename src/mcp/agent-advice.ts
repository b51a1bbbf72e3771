import type { Envelope } from '../core/api/envelope.js'
import { adviceText, inWords, type AdviceCode, type AdviceWords } from '../core/api/advice.js'

const resume = (id: string): string => `generate_video {"task_id":"${id}"}`

/**
 * The next steps in the words of an agent calling tools: tool names and their arguments,
 * and the server's configuration for what only the user can change. Besides the codes
 * every face words, an agent is told which call to make after a rate limit, a wrong route
 * and a refused download; the other codes keep the shared words, which name neither.
 */
export const AGENT_ADVICE: AdviceWords = {
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
    'Nothing was charged. Tell the user the price (the quote tool) and raise max_credits (for run_batch, max_total_credits) only with their consent, or choose a cheaper model or shorter duration.',
  IDEMPOTENCY_CONFLICT: () =>
    'This idempotency_key was already used with a different request; use a new idempotency_key (or "auto").',
  ABORTED: id =>
    `The call was cancelled; the task keeps running upstream: resume with ${resume(id)}, or cancel it with cancel_task.`,
  ROUTE_NOT_FOUND: () =>
    "Ask the user to check the server's AIVIDEO_BASE_URL: it must be the service root (https://aivideomaker.ai).",
  BATCH_INVALID: () =>
    'Nothing was sent: fix the invalid jobs, or call run_batch with continue_on_invalid: true to send the valid ones.',
  DOWNLOAD_REFUSED: () =>
    'Nothing was saved. Call get_task for data.videoUrl and give the user the link instead (it expires after 24 hours).',
  LOCAL_IO_ERROR: id =>
    `The task itself is fine and paid: ask the user to free disk space or fix the folder's permissions, then save it again with get_task {"task_id":"${id}","download":"<path>"}, or give the user data.videoUrl (it expires after 24 hours); nothing is retried.`
}

/** The next steps a message with `code` ends with when an agent reads it. */
export function agentAdvice(code: AdviceCode, taskId: string): string {
  return adviceText(code, AGENT_ADVICE, taskId)
}

/**
 * The envelope with its next steps in the agent's words, its task id filled in, as the
 * CLI and the action word theirs (from the core's data, see advice.ts); a batch's item
 * envelopes too.
 */
export function inAgentWords(envelope: Envelope<unknown>): Envelope<unknown> {
  return inWords(envelope, AGENT_ADVICE)
}
