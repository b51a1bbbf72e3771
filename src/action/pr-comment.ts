import { readFile } from 'node:fs/promises'
import { getOctokit } from '@actions/github'
import { renderResultsComment, resultsMarker, type ResultRow } from './pr-comment-body.js'

export {
  RESULTS_MARKER,
  resultsMarker,
  renderResultsComment,
  type ResultRow
} from './pr-comment-body.js'

export interface UpsertResultsCommentOptions {
  /** The `github-token` input; without one the comment is skipped. */
  token: string | undefined
  results: readonly ResultRow[]
  /** Default: built from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID. */
  runUrl?: string
  /**
   * Where the GITHUB_* variables are read (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
   * GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID); default process.env.
   */
  env?: Readonly<Record<string, string | undefined>>
  /** Separates several sticky comments on one PR (e.g. one per matrix job); see `resultsMarker`. */
  key?: string
  /** Masked as `***` in the body wherever they appear (pass the API key); the token always is. */
  secrets?: readonly string[]
  /** Overall time for the GitHub calls; default 30000 ms. */
  timeoutMs?: number
  /** The artifact the videos are uploaded as, linked on the run's page. */
  artifactName?: string
}

export interface UpsertResultsCommentResult {
  action: 'created' | 'updated' | 'skipped'
  /** Why nothing was written, for the caller's notice; only when skipped. */
  reason?: string
  commentId?: number
  /** The comment's html_url. */
  url?: string
  /**
   * Comments that start with our marker but were written by someone other than the token's
   * identity: never edited, listed for the caller's notice (the login is GitHub's, untrusted).
   */
  ignored?: { id: number; login: string }[]
}

/**
 * The login GitHub gives comments written with the job's GITHUB_TOKEN, or with any
 * installation token, for which `GET /user` answers 403.
 */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']
const DEFAULT_API_URL = 'https://api.github.com'
const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Creates or updates the one sticky results comment on the pull request that triggered
 * the run: finds an existing comment that starts with the marker (all pages) and was
 * written by the token's own identity, and edits it, else creates it, so re-runs never add
 * a second one. A comment anyone else wrote is never edited, even when it carries the
 * marker: whoever can comment on the PR could plant one and edit our results afterwards.
 * The identity is the login `GET /user` reports for the token; an installation token
 * (GITHUB_TOKEN, a GitHub App's) is refused there with 403, and GraphQL's `viewer` names
 * its bot instead; when that fails too it counts as `github-actions[bot]` (another app's
 * own earlier comment is then not found, and a new one is written: a duplicate, never a
 * hijack).
 *
 * Never throws. Answers `skipped` with a `reason` (for a notice) on events other than
 * pull_request / pull_request_target, without a token, on `pull_request` events from
 * forks (GitHub gives such runs a read-only GITHUB_TOKEN), when the token may not write
 * (403: it lacks `pull-requests: write`), and on any other GitHub or network failure:
 * a comment is a report, never a reason to fail the job.
 */
export async function upsertResultsComment(
  options: UpsertResultsCommentOptions
): Promise<UpsertResultsCommentResult> {
  const env = options.env ?? process.env
  const target = await findPullRequest(env)
  if (!target.ok) return skipped(target.reason)
  const token = options.token?.trim() ?? ''
  if (token === '') {
    return skipped(
      'no github-token was given; pass `github-token: ${{ github.token }}` to comment on the pull request'
    )
  }
  const marker = resultsMarker(options.key)
  const body = renderResultsComment(options.results, {
    marker,
    runUrl: options.runUrl ?? runUrlOf(env),
    artifactName: options.artifactName,
    secrets: [...(options.secrets ?? []), token]
  })
  const request = { signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) }
  const where = { owner: target.owner, repo: target.repo }
  try {
    const octokit = getOctokit(token, {
      baseUrl: (env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, ''),
      userAgent: 'aivideomaker-action'
    })
    const author = await tokenLogin(octokit, request)
    const found = await findStickyComment(
      octokit,
      { ...where, issue_number: target.number },
      { marker, author },
      request
    )
    const ignored = found.ignored.length > 0 ? { ignored: found.ignored } : {}
    if (found.ours !== null) {
      const { data } = await octokit.rest.issues.updateComment({
        ...where,
        comment_id: found.ours,
        body,
        request
      })
      return { action: 'updated', commentId: data.id, url: data.html_url, ...ignored }
    }
    const { data } = await octokit.rest.issues.createComment({
      ...where,
      issue_number: target.number,
      body,
      request
    })
    return { action: 'created', commentId: data.id, url: data.html_url, ...ignored }
  } catch (error) {
    return skipped(explainFailure(error, `${target.owner}/${target.repo}#${target.number}`, token))
  }
}

type Octokit = ReturnType<typeof getOctokit>

/** The login comments written with this token get; see upsertResultsComment. */
async function tokenLogin(octokit: Octokit, request: { signal: AbortSignal }): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated({ request })
    return loginOf(data)
  } catch (error) {
    if ((error as { status?: unknown })?.status !== 403) throw error
  }
  // An installation token: GraphQL's viewer names its bot (`<app>[bot]`).
  try {
    const answer: unknown = await octokit.graphql('query { viewer { login } }', { request })
    return loginOf(asRecord(answer).viewer)
  } catch {
    return ACTIONS_BOT_LOGIN
  }
}

function loginOf(user: unknown): string {
  const login = stringOf(asRecord(user).login)
  if (login === null) throw new Error('GitHub reported no login for the github-token')
  return login
}

interface StickyComments {
  /** Our comment: the first with the marker written by the token's identity. */
  ours: number | null
  ignored: { id: number; login: string }[]
}

async function findStickyComment(
  octokit: Octokit,
  issue: { owner: string; repo: string; issue_number: number },
  { marker, author }: { marker: string; author: string },
  request: { signal: AbortSignal }
): Promise<StickyComments> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...issue,
    per_page: 100,
    request
  })
  const ignored: StickyComments['ignored'] = []
  for await (const page of pages) {
    for (const comment of page.data) {
      // Our comment starts with the marker; a reply quoting it ("> <!-- ...") does not.
      if (!(comment.body ?? '').trimStart().startsWith(marker)) continue
      const login = comment.user?.login ?? ''
      if (login.toLowerCase() === author.toLowerCase()) return { ours: comment.id, ignored }
      ignored.push({ id: comment.id, login: login || 'an unknown user' })
    }
  }
  return { ours: null, ignored }
}

type PullRequestTarget =
  { ok: true; owner: string; repo: string; number: number } | { ok: false; reason: string }

/** The pull request this run belongs to, from the event payload GitHub wrote for it. */
async function findPullRequest(
  env: Readonly<Record<string, string | undefined>>
): Promise<PullRequestTarget> {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (!PULL_REQUEST_EVENTS.includes(event)) {
    const shown = event === '' ? 'unknown (GITHUB_EVENT_NAME is not set)' : `"${event}"`
    return {
      ok: false,
      reason: `comment-on-pr works on pull_request and pull_request_target events; this run's event is ${shown}`
    }
  }
  const payload = await readEventPayload(env.GITHUB_EVENT_PATH)
  if (payload === null) {
    return {
      ok: false,
      reason:
        'the event payload (GITHUB_EVENT_PATH) could not be read, so the pull request is unknown'
    }
  }
  const pullRequest = asRecord(payload.pull_request)
  const number = pullRequest.number
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    return { ok: false, reason: 'the event payload has no pull_request.number' }
  }
  const repository = env.GITHUB_REPOSITORY || stringOf(asRecord(payload.repository).full_name)
  const [owner, repo, ...rest] = (repository ?? '').split('/')
  if (!owner || !repo || rest.length > 0) {
    return { ok: false, reason: 'GITHUB_REPOSITORY is not set to owner/repo' }
  }
  const head = stringOf(asRecord(asRecord(pullRequest.head).repo).full_name)
  // pull_request_target runs in the base repository with a writable token; pull_request from
  // a fork (or a deleted fork: head.repo is null) gets a read-only one.
  if (event === 'pull_request' && head?.toLowerCase() !== `${owner}/${repo}`.toLowerCase()) {
    return {
      ok: false,
      reason:
        `pull request #${number} comes from a fork (${head ?? 'deleted repository'}): GitHub gives such ` +
        'runs a read-only GITHUB_TOKEN, so no comment was written; the job summary has the results'
    }
  }
  return { ok: true, owner, repo, number }
}

async function readEventPayload(path: string | undefined): Promise<Record<string, unknown> | null> {
  if (!path) return null
  try {
    const json: unknown = JSON.parse(await readFile(path, 'utf8'))
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

function runUrlOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env
  if (!repository || !runId) return undefined
  const attempt =
    env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1'
      ? `/attempts/${env.GITHUB_RUN_ATTEMPT}`
      : ''
  return `${(server || 'https://github.com').replace(/\/+$/, '')}/${repository}/actions/runs/${runId}${attempt}`
}

/** A reason for the notice: what GitHub said and what to change. Never includes the token. */
function explainFailure(error: unknown, where: string, token: string): string {
  const status =
    typeof (error as { status?: unknown })?.status === 'number'
      ? (error as { status: number }).status
      : null
  const said = githubMessage(error).split(token).join('***')
  const answer = status === null ? said : `GitHub answered ${status}${said ? ` (${said})` : ''}`
  switch (status) {
    case 401:
      return `${answer}: the github-token was refused; pass a valid token (e.g. \${{ github.token }})`
    case 403:
      return (
        `${answer}: the token lacks pull-requests: write on ${where}; add ` +
        '`permissions: { pull-requests: write }` to the job (a pull request from a fork never gets it)'
      )
    case 404:
      return `${answer}: ${where} was not found with this token; check the token's access to the repository`
    default:
      return `could not write the comment on ${where}: ${answer || 'unknown error'}`
  }
}

function githubMessage(error: unknown): string {
  const response = asRecord(asRecord(error).response)
  const data = asRecord(response.data)
  const message = stringOf(data.message) ?? (error instanceof Error ? error.message : String(error))
  return message.replace(/\s+/g, ' ').trim().slice(0, 300)
}

function skipped(reason: string): UpsertResultsCommentResult {
  return { action: 'skipped', reason }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
