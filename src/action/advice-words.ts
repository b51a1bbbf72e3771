import type { AdviceWords } from '../core/api/advice.js'

/** The next steps in the action's words: inputs (`task-id`, `max-credits`) and `action:` values. */
export const ACTION_ADVICE: AdviceWords = {
  INVALID_MODEL: () =>
    'Use one of the supported models (action `account` lists what your key may use).',
  AUTH_FAILED: () =>
    'Check the API key (secret AIVIDEO_API_KEY / input api-key): it may be missing, mistyped, disabled or deleted.',
  NETWORK_ERROR: () =>
    'Check connectivity, proxy settings (https_proxy/no_proxy) and base-url, then try again; a created task can be resumed with its task id.',
  UNKNOWN_ERROR: () => 'Try again later; if it persists, check base-url and the service status.',
  INVALID_INPUT: () => 'Fix the input named above; nothing was sent.',
  TIMEOUT: id =>
    `The task may still finish: resume waiting by running the step again with \`task-id: ${id}\` (or action getStatus), or cancel it with \`action: cancelTask\` and \`task-id: ${id}\`.`,
  BUDGET_EXCEEDED: () =>
    "Nothing was charged. Raise max-credits (for a whole batch, max-total-credits), or choose a cheaper model or shorter duration (`action: quote` shows the price; with batch-file, every item's).",
  IDEMPOTENCY_CONFLICT: () =>
    'This Idempotency-Key was already used with a different request; use a new key (or idempotency-key: auto).',
  ABORTED: id =>
    `The wait was interrupted; the task keeps running upstream: resume with \`task-id: ${id}\`, or cancel it with \`action: cancelTask\` and \`task-id: ${id}\`.`,
  BATCH_INVALID: () =>
    'Nothing was sent: fix the invalid items, or set continue-on-invalid to send the valid ones.',
  DOWNLOAD_REFUSED: () =>
    'Nothing was saved. The result link must be https to a public host and serve an MP4, MOV or WebM video within download-max-bytes; plain http and local hosts are allowed only with a loopback base-url (a local simulator).',
  LOCAL_IO_ERROR: id =>
    `The task itself is fine and paid: free disk space or fix the folder or its permissions, then download the video again with \`action: getTask\`, \`task-id: ${id}\` and \`download\` (the result link stays valid for 24 hours); nothing is retried.`
}
