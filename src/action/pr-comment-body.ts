import type { Envelope } from '../core/api/envelope.js'
import { createHash } from 'node:crypto'
import { inertCell, inertText } from './sinks/pr-comment-markdown.js'

/** One result as the comment shows it: an envelope, named by the batch entry when there is one. */
export type ResultRow = Envelope & { name?: string; model?: string; prompt?: string }

/** Hidden first line that marks our sticky comment, so a re-run edits it instead of adding one. */
export const RESULTS_MARKER = '<!-- aivideomaker-action:results -->'

/** GitHub refuses comment bodies longer than this many characters. */
export const GITHUB_COMMENT_MAX_CHARS = 65536

// GitHub's count and JavaScript's (UTF-16 units) can differ on emoji: keep a margin.
const DEFAULT_MAX_CHARS = GITHUB_COMMENT_MAX_CHARS - 1024
const MAX_MESSAGE_CHARS = 1000
const MAX_CELL_CHARS = 200
/** The prompt beside the name and model: enough to recognise the video. */
const MAX_PROMPT_CHARS = 60

export interface CommentBodyOptions {
  /** Default `RESULTS_MARKER`; see `resultsMarker(key)` for several comments on one PR. */
  marker?: string
  /** Link to the workflow run, shown at the end. */
  runUrl?: string
  /** Default 64512 (GitHub's 65536 less a margin); rows past it are left out with a note. */
  maxChars?: number
  /** Texts replaced by `***` wherever they appear (e.g. the API key), as a last line of defence. */
  secrets?: readonly string[]
  /** The artifact the workflow uploads the videos as (input `artifact-name`): linked on the run. */
  artifactName?: string
}

/** Keys already in the marker's alphabet are used as they are, up to this length. */
const MAX_PLAIN_KEY_CHARS = 64

/**
 * The marker for one sticky comment. Without a key it is `RESULTS_MARKER`. A key of
 * letters, digits, `.`, `_` and `-` (64 at most) is used as it is; any other (such as the
 * JSON of a matrix leg) becomes its letters and digits plus a hash of the whole key, so
 * different keys always give different markers and nothing in a key can end the comment.
 */
export function resultsMarker(key?: string): string {
  const raw = (key ?? '').trim()
  if (raw === '') return RESULTS_MARKER
  const plain = /^[A-Za-z0-9._-]+$/.test(raw) && raw.length <= MAX_PLAIN_KEY_CHARS
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 12)
  const clean = plain ? raw : `${raw.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40)}-${hash}`
  return `<!-- aivideomaker-action:results:${clean} -->`
}

/**
 * The Markdown body of the results comment: the marker, a summary line, one table row
 * per result (name/model, status, link, credits charged and refunded), the 24-hour
 * expiry note, the failures with their codes and next steps (a batch's folded into one
 * `<details>`), and the run link. When
 * the body would pass `maxChars`, trailing results are left out and a note says how
 * many. Only the envelopes' own fields are rendered, and `secrets` are masked.
 */
export function renderResultsComment(
  results: readonly ResultRow[],
  options: CommentBodyOptions = {}
): string {
  const rows = results.map(toRowView)
  const limit = options.maxChars ?? DEFAULT_MAX_CHARS
  const mask = masker(options.secrets ?? [])
  const render = (shown: number): string => mask(renderBody(rows, shown, options))
  const full = render(rows.length)
  if (full.length <= limit) return full
  // Fewer rows always make a shorter body: find the most that fit.
  let low = 0
  let high = rows.length - 1
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (render(middle).length <= limit) low = middle
    else high = middle - 1
  }
  const body = render(low)
  return body.length <= limit ? body : body.slice(0, limit)
}

interface RowView {
  /** The batch entry's name; rows without one are known by their number. */
  name: string | null
  label: string
  model: string | null
  prompt: string | null
  ok: boolean
  status: string | null
  taskId: string | null
  errorCode: string | null
  errorMessage: string | null
  videoUrl: string | null
  savedAs: string | null
  charged: number | null
  refunded: number | null
  /** From `data.cache`: true reused, false rendered by this run, null without a cache. */
  reused: boolean | null
  saved: number | null
}

function toRowView(result: ResultRow, index: number): RowView {
  const data = asRecord(result.data)
  const task = asRecord(data.task)
  const cache = asRecord(data.cache)
  const model = stringOf(result.model) ?? stringOf(data.model) ?? stringOf(task.model)
  return {
    name: stringOf(result.name),
    label: stringOf(result.name) ?? `#${index + 1}`,
    model,
    prompt: stringOf(result.prompt),
    ok: result.ok === true,
    status: stringOf(result.status),
    taskId: stringOf(result.taskId),
    errorCode: stringOf(result.errorCode),
    errorMessage: stringOf(result.errorMessage),
    videoUrl: resultLink(data.videoUrl) ?? resultLink(task.videoUrl),
    savedAs: stringOf(asRecord(data.download).path),
    charged: numberOf(data.creditsCharged) ?? numberOf(task.creditsCharged),
    refunded: numberOf(data.creditsRefunded) ?? numberOf(task.creditsRefunded),
    reused: typeof cache.reused === 'boolean' ? cache.reused : null,
    saved: numberOf(cache.creditsSaved)
  }
}

function renderBody(rows: readonly RowView[], shown: number, options: CommentBodyOptions): string {
  const visible = rows.slice(0, shown)
  const lines = [
    options.marker ?? RESULTS_MARKER,
    '### AIVideoMaker results',
    '',
    summaryLine(rows),
    ''
  ]
  if (rows.length > 0) {
    lines.push('| # | Name / model / prompt | Status | Result | Credits charged | Refunded |')
    lines.push('| ---: | --- | --- | --- | ---: | ---: |')
    visible.forEach((row, i) => lines.push(tableRow(row, i)))
    lines.push('')
  }
  if (shown < rows.length) {
    lines.push(
      `_${rows.length - shown} more result(s) are not shown: a GitHub comment holds at most ` +
        `${GITHUB_COMMENT_MAX_CHARS} characters. The workflow run has all of them._`,
      ''
    )
  }
  if (rows.some(row => row.videoUrl !== null)) {
    lines.push(
      '> [!NOTE]',
      '> Video links expire **24 hours** after the task finished: download the videos now, ' +
        'or take them from this run’s artifacts.',
      ''
    )
  }
  const failures = visible.filter(row => !row.ok)
  if (failures.length > 0) {
    lines.push('#### Failures', '')
    // A batch's messages are long and alike: folded, so the list reads at a glance.
    const isFolded = rows.length > 1
    for (const row of failures) lines.push(failureLine(row, !isFolded))
    lines.push('')
    if (isFolded) {
      lines.push(`<details><summary>${FOLDED_MESSAGES}</summary>`, '')
      for (const row of failures) lines.push(`- **${label(row)}**: ${messageOf(row)}`)
      lines.push('', '</details>', '')
    }
  }
  if (options.runUrl !== undefined && webUrl(options.runUrl) !== null) {
    const artifact = options.artifactName
    if (artifact !== undefined && artifact !== '') {
      lines.push(
        `Videos: artifact ${cell(artifact)} of [this run](${linkTarget(options.runUrl)}#artifacts)`,
        ''
      )
    }
    lines.push(`[Workflow run](${linkTarget(options.runUrl)})`)
  }
  return `${lines.join('\n').trimEnd()}\n`
}

function summaryLine(rows: readonly RowView[]): string {
  if (rows.length === 0) return 'No tasks ran.'
  const succeeded = rows.filter(row => row.ok).length
  const charged = total(rows.map(row => row.charged))
  const refunded = total(rows.map(row => row.refunded))
  const line =
    `**${succeeded} of ${rows.length}** task${rows.length === 1 ? '' : 's'} succeeded · ` +
    `**${charged}** credits charged · **${refunded}** refunded`
  if (!rows.some(row => row.reused !== null)) return line
  const reused = rows.filter(row => row.ok && row.reused === true)
  const rendered = rows.filter(row => row.ok && row.reused === false).length
  const saved = total(reused.map(row => row.saved))
  return `${line} · **${reused.length}** reused, **${rendered}** rendered · **${saved}** credits saved`
}

function tableRow(row: RowView, index: number): string {
  const parts = [
    row.name === null ? null : cell(row.name),
    row.model === null ? null : cell(row.model),
    row.prompt === null ? null : inertCell(row.prompt, MAX_PROMPT_CHARS)
  ]
  const who = parts.filter(part => part !== null).join(' · ') || '—'
  const cells = [
    String(index + 1),
    who,
    statusCell(row),
    resultCell(row),
    credits(row.charged),
    credits(row.refunded)
  ]
  return `| ${cells.join(' | ')} |`
}

function statusCell(row: RowView): string {
  if (row.ok) {
    const source = row.reused === null ? '' : row.reused ? ' · reused' : ' · rendered'
    return `✅ ${cell(row.status ?? 'done')}${source}`
  }
  const icon = row.errorCode === 'TIMEOUT' ? '⏳' : '❌'
  const status = row.status === null ? '' : ` ${cell(row.status)}`
  return `${icon}${status}${row.errorCode === null ? '' : ` ${cell(row.errorCode)}`}`
}

function resultCell(row: RowView): string {
  const parts: string[] = []
  if (row.videoUrl !== null) parts.push(`[video](${linkTarget(row.videoUrl)})`)
  if (row.savedAs !== null) parts.push(`saved as ${cell(row.savedAs)}`)
  if (parts.length === 0 && row.taskId !== null) parts.push(`task ${cell(row.taskId)}`)
  return parts.length === 0 ? '—' : parts.join('<br>')
}

/** The fold's fixed title: no text from a result ever reaches raw HTML. */
const FOLDED_MESSAGES = 'Messages and next steps'

function failureLine(row: RowView, withMessage: boolean): string {
  const model = row.model === null ? '' : ` (${inertText(row.model, MAX_CELL_CHARS)})`
  const task = row.taskId === null ? '' : `, task ${inertText(row.taskId, MAX_CELL_CHARS)}`
  const code = inertText(row.errorCode ?? 'UNKNOWN_ERROR', MAX_CELL_CHARS)
  const message = withMessage ? ` — ${messageOf(row)}` : ''
  return `- **${label(row)}**${model}${task}: ${code}${message}`
}

function label(row: RowView): string {
  return inertText(row.label, MAX_CELL_CHARS)
}

function messageOf(row: RowView): string {
  return row.errorMessage === null ? 'no message' : inertText(row.errorMessage, MAX_MESSAGE_CHARS)
}

function credits(value: number | null): string {
  return value === null ? '—' : String(value)
}

function total(values: readonly (number | null)[]): number {
  return values.reduce<number>((sum, value) => sum + (value ?? 0), 0)
}

function cell(value: string): string {
  return inertCell(value, MAX_CELL_CHARS)
}

function linkTarget(url: string): string {
  return new URL(url)
    .toString()
    .replace(/[()|\s]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * A result link the comment may make live: https, or http on a loopback host (the local
 * simulator). Anything else upstream sent stays out of the comment.
 */
function resultLink(value: unknown): string | null {
  const url = webUrl(value)
  if (url === null) return null
  const { protocol, hostname } = new URL(url)
  const isLoopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(hostname)
  return protocol === 'https:' || isLoopback ? url : null
}

function webUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null
  } catch {
    return null
  }
}

function masker(secrets: readonly string[]): (body: string) => string {
  // Very short strings would mask ordinary words; the callers' secrets are long.
  const masked = secrets.filter(secret => typeof secret === 'string' && secret.length >= 4)
  return body => masked.reduce((out, secret) => out.split(secret).join('***'), body)
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
