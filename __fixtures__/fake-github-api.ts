import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './loopback-server.js'

/**
 * A real local HTTP server with just enough of the GitHub REST API for sticky PR
 * comments: the token's user (`GET /user`: 403 for an installation token, `ghs_…`, as on
 * GitHub; GraphQL `viewer { login }` for any token), list (paginated with `per_page`, `page` and a `Link` header), create and
 * update issue comments. Checks the `authorization` header (`token <t>` or
 * `Bearer <t>`) and can play a read-only token (reads pass, writes answer 403, as the
 * default GITHUB_TOKEN does on pull requests from forks).
 */
export interface FakeGitHubApi {
  /** Base URL, as GITHUB_API_URL would hold it. */
  url: string
  requests: FakeRequest[]
  /** Comments of one issue or pull request, oldest first. */
  comments(repo: string, issue: number): FakeComment[]
  /** Adds comments (as another user unless `login` is given); returns them. */
  seed(repo: string, issue: number, bodies: string[], login?: string): FakeComment[]
  /** `read-only`: POST and PATCH answer 403 "Resource not accessible by integration". */
  setMode(mode: FakeMode): void
  close(): Promise<void>
}

export type FakeMode = 'normal' | 'read-only'

export interface FakeRequest {
  method: string
  /** Path without the query string. */
  path: string
  query: Record<string, string>
  /** Whether the authorization header carried the expected token. */
  authorized: boolean
  body: string
}

export interface FakeComment {
  id: number
  node_id: string
  body: string
  user: { login: string; type: string }
  html_url: string
  issue_url: string
  created_at: string
  updated_at: string
}

export interface FakeGitHubOptions {
  /** The token the server accepts. */
  token: string
  /**
   * Login that comments created through the API are attributed to; default
   * `github-actions[bot]`. Pair a `ghs_` token with a bot login, any other with a user's.
   */
  login?: string
}

/** GitHub refuses comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65536

const DEFAULT_PER_PAGE = 30
const MAX_PER_PAGE = 100

export async function startFakeGitHubApi(options: FakeGitHubOptions): Promise<FakeGitHubApi> {
  const login = options.login ?? 'github-actions[bot]'
  const threads = new Map<string, FakeComment[]>()
  const requests: FakeRequest[] = []
  let mode: FakeMode = 'normal'
  let nextId = 1000
  let url = ''

  const thread = (repo: string, issue: number): FakeComment[] => {
    const key = `${repo.toLowerCase()}#${issue}`
    let list = threads.get(key)
    if (!list) threads.set(key, (list = []))
    return list
  }

  const addComment = (repo: string, issue: number, body: string, author: string): FakeComment => {
    const id = nextId++
    const now = new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString()
    const comment: FakeComment = {
      id,
      node_id: `IC_${id}`,
      body,
      user: { login: author, type: author.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${url}/repos/${repo}/issues/${issue}`,
      created_at: now,
      updated_at: now
    }
    thread(repo, issue).push(comment)
    return comment
  }

  const findComment = (repo: string, id: number): FakeComment | undefined => {
    for (const [key, list] of threads) {
      if (!key.startsWith(`${repo.toLowerCase()}#`)) continue
      const found = list.find(c => c.id === id)
      if (found) return found
    }
    return undefined
  }

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const parsed = new URL(req.url ?? '/', url)
    const query = Object.fromEntries(parsed.searchParams)
    const authorized = isAuthorized(req.headers.authorization, options.token)
    requests.push({ method: req.method ?? '', path: parsed.pathname, query, authorized, body })
    if (!authorized) {
      return reply(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' })
    }
    if (parsed.pathname === '/user' && req.method === 'GET') {
      if (options.token.startsWith('ghs_')) {
        return reply(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: DOCS,
          status: '403'
        })
      }
      return reply(res, 200, { login, id: 1, type: 'User' })
    }
    if (parsed.pathname === '/graphql' && req.method === 'POST') {
      // Only the viewer query is known; for a bot it names the bot, `[bot]` included.
      if (!/\bviewer\s*\{\s*login\s*\}/.test(body)) return reply(res, 200, { errors: [{}] })
      return reply(res, 200, { data: { viewer: { login } } })
    }
    const list = parsed.pathname.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/)
    const one = parsed.pathname.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/)
    if (list && req.method === 'GET') {
      return listComments(res, parsed, thread(list[1], Number(list[2])))
    }
    if ((list && req.method === 'POST') || (one && req.method === 'PATCH')) {
      if (mode === 'read-only') {
        return reply(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: DOCS,
          status: '403'
        })
      }
      const text = commentBody(body)
      if (typeof text !== 'string') return reply(res, 422, validationFailed('body is missing'))
      if (text.length > GITHUB_COMMENT_LIMIT) {
        return reply(
          res,
          422,
          validationFailed(`body is too long (maximum is ${GITHUB_COMMENT_LIMIT} characters)`)
        )
      }
      if (list) return reply(res, 201, addComment(list[1], Number(list[2]), text, login))
      const comment = findComment(
        (one as RegExpMatchArray)[1],
        Number((one as RegExpMatchArray)[2])
      )
      if (!comment)
        return reply(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
      comment.body = text
      comment.updated_at = new Date(Date.parse(comment.updated_at) + 1000).toISOString()
      return reply(res, 200, comment)
    }
    reply(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  const listening = await listenOnLoopback(server)
  url = listening.url

  return {
    url,
    requests,
    comments: (repo, issue) => thread(repo, issue),
    seed: (repo, issue, bodies, author = 'someone') =>
      bodies.map(b => addComment(repo, issue, b, author)),
    setMode: next => {
      mode = next
    },
    close: listening.close
  }
}

const DOCS = 'https://docs.github.com/rest'

function isAuthorized(header: string | undefined, token: string): boolean {
  const match = header?.match(/^(?:token|bearer)\s+(\S+)$/i)
  return match !== null && match !== undefined && match[1] === token
}

function listComments(res: ServerResponse, url: URL, comments: FakeComment[]): void {
  const perPage = clamp(
    Number(url.searchParams.get('per_page') ?? DEFAULT_PER_PAGE),
    1,
    MAX_PER_PAGE
  )
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page') ?? 1)) || 1)
  const lastPage = Math.max(1, Math.ceil(comments.length / perPage))
  const pageUrl = (n: number): string => {
    const next = new URL(url)
    next.searchParams.set('per_page', String(perPage))
    next.searchParams.set('page', String(n))
    return next.toString()
  }
  // GitHub's Link header: prev/next/first/last, each only where it applies.
  const links: string[] = []
  if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`)
  if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`)
  if (page < lastPage) links.push(`<${pageUrl(lastPage)}>; rel="last"`)
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`)
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {}
  reply(res, 200, comments.slice((page - 1) * perPage, page * perPage), headers)
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return DEFAULT_PER_PAGE
  return Math.min(max, Math.max(min, Math.floor(value)))
}

function commentBody(text: string): unknown {
  try {
    const json: unknown = JSON.parse(text)
    return typeof json === 'object' && json !== null ? (json as { body?: unknown }).body : undefined
  } catch {
    return undefined
  }
}

function validationFailed(message: string): unknown {
  return {
    message: 'Validation Failed',
    errors: [{ resource: 'IssueComment', code: 'custom', message }],
    status: '422'
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}
