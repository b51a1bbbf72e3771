/**
 * The PR comment sink: GitHub Markdown, where text can become a link, an image, an
 * autolinked URL, an @mention that notifies people or a #reference. GitHub applies
 * mentions and references to rendered text, so escaping alone does not stop them; code
 * spans do, and links, images, HTML and autolinks are inert inside them as well.
 */

// Line breaks and controls would end the code span's line (or the table row).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g

/**
 * Untrusted text as one inert code span: one line, clipped to `max` characters, fenced with
 * more backticks than it contains in a row; `—` when empty.
 */
export function inertText(value: string, max: number): string {
  const flat = value.replace(CONTROLS_AND_BREAKS, ' ').trim()
  if (flat === '') return '—'
  const clipped = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
  const longestRun = Math.max(0, ...(clipped.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  // A span that begins or ends with a backtick needs a space inside the fence (CommonMark).
  const pad = clipped.startsWith('`') || clipped.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${clipped}${pad}${fence}`
}

/**
 * `inertText` for a table cell: GitHub splits rows at `|` before it sees code spans, so a
 * pipe could end the cell and the span with it; it is shown as `¦`.
 */
export function inertCell(value: string, max: number): string {
  return inertText(value.replace(/\|/g, '¦'), max)
}
