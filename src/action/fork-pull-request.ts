import { readFileSync } from 'node:fs'

/** Events whose runs for a fork's pull request get no secrets (pull_request_target does). */
const SECRETLESS_EVENTS = new Set([
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment'
])

const REPOSITORY_NAME = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/

interface EventPayload {
  pull_request?: {
    head?: { repo?: { full_name?: unknown } | null }
    base?: { repo?: { full_name?: unknown } | null }
  }
}

/**
 * The repository a pull request comes from, when this run is for a pull request from a
 * fork, which GitHub runs without the base repository's secrets; otherwise null. Reads
 * GITHUB_EVENT_NAME and the event payload (GITHUB_EVENT_PATH); an unreadable payload is
 * no fork, so a missing key is then reported as the failure it is.
 */
export function forkOfPullRequest(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!SECRETLESS_EVENTS.has(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH) return null
  let payload: EventPayload
  try {
    payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as EventPayload
  } catch {
    return null
  }
  if (payload.pull_request?.head === undefined) return null
  const head = payload.pull_request.head?.repo?.full_name
  const base = payload.pull_request.base?.repo?.full_name ?? env.GITHUB_REPOSITORY
  if (head === base) return null
  // A deleted fork has no head repository: its pull request is still a fork's.
  return typeof head === 'string' && REPOSITORY_NAME.test(head) ? head : 'a deleted fork'
}
