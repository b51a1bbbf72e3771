import { actionableMessage } from './errors.js'
import { LIBRARY_LABELS, type SettingLabels, type SettingRefusal } from './setting-labels.js'
import { formatMs } from '../time/duration.js'

/**
 * Refuses a poll interval longer than the wait's deadline, before anything is sent: the
 * first status check would come only when the deadline is already over, so the run would
 * pay for a task and end in TIMEOUT without ever watching it (`--wait-timeout 5
 * --poll-interval 1m`). Only an interval that was given is checked: the default one (5s)
 * is shortened to the deadline by the watcher, so a short deadline alone stays valid.
 * Null when the two fit.
 */
export function checkPollInterval(
  waitTimeoutMs: number,
  pollIntervalMs: number | undefined,
  labels: SettingLabels = LIBRARY_LABELS
): SettingRefusal | null {
  if (pollIntervalMs === undefined || pollIntervalMs <= waitTimeoutMs) return null
  const poll = labels.pollInterval
  const wait = labels.waitTimeout
  return {
    ok: false,
    setting: 'pollInterval',
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage(
      'INVALID_INPUT',
      `${poll} (${formatMs(pollIntervalMs)}) is longer than ${wait} (${formatMs(waitTimeoutMs)}): ` +
        `the first status check would come after the deadline, so the task would be paid for and end in TIMEOUT unwatched; ` +
        `make ${poll} at most ${wait}, or raise ${wait}`
    )
  }
}
