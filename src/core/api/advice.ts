import type { Envelope } from './envelope.js'
import type { ErrorCode } from './error-codes.js'

/**
 * The codes whose next steps name a setting or an operation, so each face words them in
 * its own terms (inputs for the action, flags and environment variables for the CLI,
 * option names for the library); every other code's advice names none and is the same
 * for every face.
 */
export const WORDED_ADVICE_CODES = [
  'INVALID_MODEL',
  'AUTH_FAILED',
  'NETWORK_ERROR',
  'UNKNOWN_ERROR',
  'INVALID_INPUT',
  'TIMEOUT',
  'BUDGET_EXCEEDED',
  'IDEMPOTENCY_CONFLICT',
  'ABORTED',
  'BATCH_INVALID',
  'DOWNLOAD_REFUSED',
  'LOCAL_IO_ERROR'
] as const satisfies readonly AdviceCode[]

/**
 * What a message's next steps are about: an error code's, or a situation that needs its
 * own (a batch held back because some of its items are invalid).
 */
export type AdviceCode = ErrorCode | 'BATCH_INVALID'

export type WordedAdviceCode = (typeof WORDED_ADVICE_CODES)[number]

/** Next steps given the envelope's task id ('<id>' when none). */
type Steps = (taskId: string) => string

/**
 * A face's words for the next steps of each worded code; a face may word another code in
 * its own terms too (an agent is told which tool to call), otherwise the shared words apply.
 */
export type AdviceWords = Readonly<Record<WordedAdviceCode, Steps>> &
  Readonly<Partial<Record<AdviceCode, Steps>>>

type SharedAdviceCode = Exclude<AdviceCode, WordedAdviceCode>

/** Next steps that name no setting: the same in every face (unless a face words them). */
const SHARED_ADVICE: Readonly<Record<SharedAdviceCode, string>> = {
  INVALID_PAYLOAD: 'Fix the payload as described; nothing was charged.',
  RATE_LIMITED:
    'Wait for retryAfter seconds and try again; for many tasks use batch mode, which polls them all with one request.',
  INSUFFICIENT_CREDITS:
    'Top up credits at https://aivideomaker.ai, or pick a cheaper model or shorter duration.',
  TASK_NOT_FOUND: 'Check the task id; tasks are only visible to the API key that created them.',
  TASK_FAILED:
    'Credits for a failed task are refunded. Adjust the prompt or image (content may have been refused) and try again.',
  TASK_CANCELLED:
    'The task was cancelled and refunded; start a new one if you still need the video.',
  TASK_NOT_CANCELLABLE:
    'Cancel works only while a task is SUBMITTED: a task in PROGRESS finishes on its own (a FAILED one is refunded), and a finished task needs nothing.',
  ROUTE_NOT_FOUND:
    'Check the base URL: it must be the service root (https://aivideomaker.ai) or a proxy that forwards /api/v1/... unchanged, without /api/v1 itself.',
  RESULT_EXPIRED:
    'Result links expire 24 hours after the task completes; generate the video again (a new task) to get a fresh link.'
}

/** The library's words: option names and client calls (the core's own envelopes say these). */
export const LIBRARY_ADVICE: AdviceWords = {
  INVALID_MODEL: () =>
    'Use one of the supported models (client.account() lists what your key may use).',
  AUTH_FAILED: () =>
    'Check the API key (option apiKey): it may be missing, mistyped, disabled or deleted.',
  NETWORK_ERROR: () =>
    'Check connectivity, proxy settings (https_proxy/no_proxy) and baseUrl, then try again; a created task can be resumed with run({ taskId }).',
  UNKNOWN_ERROR: () => 'Try again later; if it persists, check baseUrl and the service status.',
  INVALID_INPUT: () => 'Fix the option named above; nothing was sent.',
  TIMEOUT: () =>
    'The task may still finish: resume waiting with run({ taskId }) (or client.getStatus(taskId)), or cancel it with client.cancelTask(taskId).',
  BUDGET_EXCEEDED: () =>
    'Nothing was charged. Raise maxCredits (for a whole batch, maxTotalCredits), or choose a cheaper model or shorter duration (client.quote() shows the price).',
  IDEMPOTENCY_CONFLICT: () =>
    'This Idempotency-Key was already used with a different request; use a new idempotencyKey.',
  ABORTED: () =>
    'The wait was interrupted; the task keeps running upstream: resume with run({ taskId }), or cancel it with client.cancelTask(taskId).',
  BATCH_INVALID: () =>
    'Nothing was sent: fix the invalid items, or pass continueOnInvalid: true to send the valid ones.',
  DOWNLOAD_REFUSED: () =>
    'Nothing was saved. The result link must be https to a public host and serve an MP4, MOV or WebM video within download.maxBytes; plain http and local hosts are allowed only with a loopback baseUrl (a local simulator).',
  LOCAL_IO_ERROR: () =>
    'The task itself is fine and paid: free disk space or fix the folder or its permissions, then save the video again with downloadFile from client.getTask(taskId) (the result link stays valid for 24 hours); nothing is retried.'
}

/** What the core knows of a message it composed: what happened, and whose advice follows. */
export interface MessageParts {
  /** The code whose next steps end the message (the data a face words). */
  advice: AdviceCode
  /** What happened, without a trailing full stop. */
  what: string
}

/**
 * Messages composed by `actionableMessage` (and reworded by `inWords`), each with its
 * parts, so a face words the next steps from data instead of cutting text. Bounded: a
 * message is looked up by the face that shows it, right after the operation.
 */
const composed = new Map<string, MessageParts>()
const MAX_REMEMBERED = 20_000

function remember(message: string, parts: MessageParts): string {
  if (composed.size >= MAX_REMEMBERED) composed.delete(composed.keys().next().value as string)
  composed.set(message, parts)
  return message
}

/** The next steps of `code` in `words`, with the task id filled in. */
export function adviceText(code: AdviceCode, words: AdviceWords, taskId: string | null): string {
  const own: Steps | undefined = isWorded(code) ? words[code] : words[code]
  return own !== undefined ? own(taskId ?? '<id>') : SHARED_ADVICE[code as SharedAdviceCode]
}

function isWorded(code: AdviceCode): code is WordedAdviceCode {
  return (WORDED_ADVICE_CODES as readonly string[]).includes(code)
}

/** `what happened` + ` ` + `what to do` (in the library's words until a face words it). */
export function actionableMessage(code: AdviceCode, what: string): string {
  const trimmed = what.trim().replace(/[.\s]+$/, '')
  return compose({ advice: code, what: trimmed }, adviceText(code, LIBRARY_ADVICE, null))
}

function compose(parts: MessageParts, steps: string): string {
  const shown = withoutRepeat(steps, parts.what)
  return remember(shown === '' ? `${parts.what}.` : `${parts.what}. ${shown}`, parts)
}

/** The parts of a message the core composed, or null for any other text. */
export function messageParts(message: string | null): MessageParts | null {
  return message === null ? null : (composed.get(message) ?? null)
}

/**
 * The envelope with its next steps in `words` (the task id filled in), and a batch's item
 * envelopes (`data.results`) too. A message the core did not compose is left as it is.
 */
export function inWords<T extends Envelope<unknown>>(envelope: T, words: AdviceWords): T {
  const parts = messageParts(envelope.errorMessage)
  const worded =
    parts === null
      ? envelope
      : {
          ...envelope,
          errorMessage: compose(parts, adviceText(parts.advice, words, envelope.taskId))
        }
  const data = worded.data as { results?: unknown } | null
  if (!Array.isArray(data?.results)) return worded
  const results = (data.results as Envelope<unknown>[]).map(item => inWords(item, words))
  return { ...worded, data: { ...data, results } }
}

/**
 * The next steps without an opening sentence the message already says: upstream's own
 * text often ends "nothing was charged", which BUDGET_EXCEEDED's advice begins with.
 */
function withoutRepeat(steps: string, what: string): string {
  const rest = steps.slice(/^[^.]*\.\s*/.exec(steps)?.[0].length ?? 0)
  const sentence = steps.slice(0, steps.length - rest.length).replace(/[.\s]+$/, '')
  return sentence !== '' && what.toLowerCase().includes(sentence.toLowerCase()) ? rest : steps
}
