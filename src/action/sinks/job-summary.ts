/**
 * The job summary sink: GitHub renders it as Markdown with HTML, and keeps tags such as
 * `<a>`, `<img>` and `<h1>`. Every value that did not come from our own code passes here.
 */

// Controls and line breaks: a blank line would end the HTML block the summary is written
// as and switch GitHub back to Markdown, where a link in upstream text would be live.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** Text as HTML character data or a quoted attribute: `& < > " '` escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/**
 * Next steps in the action's words for the summary: HTML-escaped, and their backtick spans
 * (`task-id: ck…`) as `<code>`, since the summary is HTML and would show the backticks. The
 * spans are found after escaping, so nothing inside one can open a tag.
 */
export function summaryAdvice(steps: string): string {
  return escapeHtml(steps.replace(CONTROLS_AND_BREAKS, ' ')).replace(
    /`([^`]+)`/g,
    (_, code: string) => `<code>${code}</code>`
  )
}

/** Untrusted text for the summary: one line, clipped to `max` characters, HTML-escaped. */
export function summaryText(value: string, max: number): string {
  const flat = value.replace(CONTROLS_AND_BREAKS, ' ')
  return escapeHtml(flat.length > max ? `${flat.slice(0, max)}…` : flat)
}

/**
 * A number upstream reported (credits, balances): shown only when it is a finite number,
 * `—` when absent, `unknown` for anything else; never concatenated or passed through.
 */
export function summaryNumber(value: unknown): string {
  if (value === null || value === undefined) return '—'
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : 'unknown'
}

/**
 * A link to an http(s) URL upstream gave, labelled `label` (default: the URL itself,
 * clipped); anything else, or a URL longer than `max`, is shown as text. The URL parser
 * drops line breaks and percent-encodes the rest, so the target stays one attribute.
 */
export function summaryLink(url: string, max: number, label?: string): string {
  const target = url.length <= max ? httpUrl(url) : null
  if (target === null) return summaryText(url, max)
  return `<a href="${escapeHtml(target)}">${summaryText(label ?? url, max)}</a>`
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}
