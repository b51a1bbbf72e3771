import type { Envelope } from './envelope.js'
import type { ErrorCode } from './error-codes.js'
import { nextSteps, withoutFirstSentence } from './errors.js'

/** Who shows a message: the action names inputs, the CLI names flags and environment variables. */
export type Face = 'action' | 'cli'

type Advice = (taskId: string) => string

/** Advice that names a setting or a command, in the CLI's own words; other codes need none. */
const CLI_NEXT_STEPS: Partial<Record<ErrorCode, Advice>> = {
  INVALID_MODEL: () =>
    'Use one of the supported models (aivideomaker --action account lists what your key may use).',
  AUTH_FAILED: () =>
    'Check the API key in the environment variable AIVIDEO_API_KEY: it may be missing, mistyped, disabled or deleted.',
  NETWORK_ERROR: id =>
    `Check connectivity, proxy settings (https_proxy/no_proxy) and --base-url (or AIVIDEO_BASE_URL), then try again; a created task can be resumed with aivideomaker --taskId ${id}.`,
  UNKNOWN_ERROR: () =>
    'Try again later; if it persists, check --base-url (or AIVIDEO_BASE_URL) and the service status.',
  INVALID_INPUT: () => 'Fix the flag or environment variable named above; nothing was sent.',
  TIMEOUT: id =>
    `The task may still finish: resume waiting with aivideomaker --taskId ${id} (or check it with aivideomaker --action getStatus --taskId ${id}), or cancel it with aivideomaker --action cancelTask --taskId ${id}.`,
  BUDGET_EXCEEDED: () =>
    'Nothing was charged. Raise --max-credits, or choose a cheaper model or shorter duration (aivideomaker --action quote shows the price).',
  IDEMPOTENCY_CONFLICT: () =>
    'This Idempotency-Key was already used with a different request; use a new --idempotency-key (or --idempotency-key auto).',
  ABORTED: id =>
    `The wait was interrupted; the task keeps running upstream: resume with aivideomaker --taskId ${id}, or cancel it with aivideomaker --action cancelTask --taskId ${id}.`
}

/** The action's advice is errors.ts's; only resuming needs the task id spelled out. */
const ACTION_NEXT_STEPS: Partial<Record<ErrorCode, Advice>> = {
  TIMEOUT: id =>
    `The task may still finish: resume waiting by running the step again with \`task-id: ${id}\` (or action getStatus), or cancel it with \`action: cancelTask\` and \`task-id: ${id}\`.`,
  ABORTED: id =>
    `The wait was interrupted; the task keeps running upstream: resume with \`task-id: ${id}\`, or cancel it with \`action: cancelTask\` and \`task-id: ${id}\`.`
}

/** The next steps a message with `code` ends with when `face` shows it. */
export function faceAdvice(code: ErrorCode, face: Face, taskId: string): string {
  const advice = (face === 'cli' ? CLI_NEXT_STEPS : ACTION_NEXT_STEPS)[code]
  return advice === undefined ? nextSteps(code) : advice(taskId)
}

/**
 * The envelope with its advice in `face`'s words: the next steps every actionable message
 * ends with (errors.ts) are swapped for the face's, with the envelope's task id filled in.
 * (also when its first sentence was dropped as a repeat). Any other message is left as it is.
 */
export function inFaceWords<T extends Envelope<unknown>>(envelope: T, face: Face): T {
  const code = envelope.errorCode
  const message = envelope.errorMessage
  if (code === null || message === null) return envelope
  if ((face === 'cli' ? CLI_NEXT_STEPS : ACTION_NEXT_STEPS)[code] === undefined) return envelope
  const standard = nextSteps(code)
  const words = faceAdvice(code, face, envelope.taskId ?? '<id>')
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
