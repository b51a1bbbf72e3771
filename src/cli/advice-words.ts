import type { AdviceWords } from '../core/api/advice.js'

/** The next steps in the CLI's words: flags, environment variables and commands to run. */
export const CLI_ADVICE: AdviceWords = {
  INVALID_MODEL: () =>
    'Use one of the supported models (aivideomaker --action account lists what your key may use).',
  AUTH_FAILED: () =>
    'Check the API key in the environment variable AIVIDEO_API_KEY: it may be missing, mistyped, disabled or deleted.',
  NETWORK_ERROR: id =>
    `Check connectivity, proxy settings (https_proxy/no_proxy) and --base-url (or AIVIDEO_BASE_URL), then try again; a created task can be resumed with aivideomaker --taskId ${id}.`,
  UNKNOWN_ERROR: () =>
    'Try again later; if it persists, check --base-url (or AIVIDEO_BASE_URL) and the service status.',
  INVALID_INPUT: () =>
    'Fix the flag, environment variable or batch file named above; nothing was sent.',
  TIMEOUT: id =>
    `The task may still finish: resume waiting with aivideomaker --taskId ${id} (or check it with aivideomaker --action getStatus --taskId ${id}), or cancel it with aivideomaker --action cancelTask --taskId ${id}.`,
  BUDGET_EXCEEDED: () =>
    'Nothing was charged. Raise --max-credits, or choose a cheaper model or shorter duration (aivideomaker --action quote shows the price).',
  IDEMPOTENCY_CONFLICT: () =>
    'This Idempotency-Key was already used with a different request; use a new --idempotency-key (or --idempotency-key auto).',
  ABORTED: id =>
    `The wait was interrupted; the task keeps running upstream: resume with aivideomaker --taskId ${id}, or cancel it with aivideomaker --action cancelTask --taskId ${id}.`,
  BATCH_INVALID: () =>
    'Nothing was sent: fix the invalid jobs, or add --continue-on-invalid to send the valid ones.',
  BATCH_BUDGET_EXCEEDED: () =>
    'Raise --max-total-credits, remove jobs, or choose cheaper models or shorter durations (aivideomaker --batch <file> --action quote shows each price).',
  DOWNLOAD_REFUSED: () =>
    'Nothing was saved. The result link must be https to a public host and serve an MP4, MOV or WebM video within the download size limit; plain http and local hosts are allowed only with a loopback --base-url (or AIVIDEO_BASE_URL; a local simulator).',
  LOCAL_IO_ERROR: id =>
    `The task itself is fine and paid: free disk space or fix the folder or its permissions, then download the video again with aivideomaker --action getTask --taskId ${id} --download <path> (the result link stays valid for 24 hours); nothing is retried.`
}
