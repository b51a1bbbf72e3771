import * as core from '@actions/core'
import type { BatchItemResult } from '../core/batch/batch.js'
import { adviceText, messageParts } from '../core/api/advice.js'
import { ACTION_ADVICE } from './advice-words.js'
import type { ActionResult } from './operations.js'
import {
  escapeHtml,
  summaryAdvice,
  summaryLink,
  summaryNumber,
  summaryText
} from './sinks/job-summary.js'
import { RETENTION_NOTE } from './summary.js'
import { workspaceRelative } from './workspace-path.js'

/** The batch table stops growing here; GitHub allows 1 MiB per step summary. */
export const MAX_BATCH_SUMMARY_CHARS = 200_000
const MAX_CELL_CHARS = 200
const MAX_MESSAGE_CHARS = 2_000
const MAX_REMARKS = 10
/** The start of an item's prompt under its name: enough to recognise the video. */
const MAX_PROMPT_CHARS = 60

/** Error messages longer than this fold into a `<details>`, so rows stay one line high. */
const MAX_INLINE_MESSAGE_CHARS = 60

const HEADERS = ['#', 'Name', 'Model', 'Status', 'Task id', 'Credits', 'Result']

/**
 * The job summary of a batch: a totals line (done, failed, credits quoted, charged and
 * refunded), one table row per item (name with the start of its prompt, model, status,
 * task id, credits, the video link or the error code, a long error folded), the batch's
 * error with its next steps, and the notes. Rows past ~200 KB are left out with a note
 * pointing at `results-file`. `prompts` are the items' prompts, in order (null: none).
 */
export async function writeBatchSummary(
  result: ActionResult,
  prompts: readonly (string | null)[] = []
): Promise<void> {
  const items = result.results ?? []
  const { envelope } = result
  const totals = result.batch?.totals
  const done = totals?.completed ?? items.filter(item => item.ok).length
  const outcome = envelope.ok
    ? `${done} of ${items.length} done`
    : `failed: ${envelope.errorCode ?? 'UNKNOWN_ERROR'}`
  core.summary.addHeading(
    `${envelope.ok ? '✅' : '❌'} AIVideoMaker batch — ${summaryText(outcome, MAX_CELL_CHARS)}`,
    3
  )
  core.summary.addRaw(`<p>${totalsLine(result, items)}</p>`, true)
  const quoted = new Map((result.spend?.quotes ?? []).map(quote => [quote.name, quote.credits]))
  const cached = items.some(item => item.data?.cache)
  const headers = cached ? [...HEADERS, 'Cache'] : HEADERS
  const head = `<table><tr>${headers.map(h => `<th>${h}</th>`).join('')}</tr>`
  let table = head
  let shown = 0
  for (const [index, item] of items.entries()) {
    const model = item.data?.model || result.batch?.models[index] || ''
    const row = itemRow(index, item, { model, prompt: prompts[index] ?? null }, quoted, cached)
    if (table.length + row.length > MAX_BATCH_SUMMARY_CHARS) break
    table += row
    shown++
  }
  core.summary.addRaw(`${table}</table>`, true)
  if (shown < items.length) {
    core.summary.addRaw(
      `<p>${items.length - shown} more item(s) are not shown, to keep the summary small; the <code>results-file</code> output has every item.</p>`,
      true
    )
  }
  if (!envelope.ok && envelope.errorCode !== null) {
    // Said once: what happened, then the next steps (in the action's words) on their own line.
    const parts = messageParts(envelope.errorMessage)
    const what = parts === null ? (envelope.errorMessage ?? '') : `${parts.what}.`
    const steps = parts === null ? null : adviceText(parts.advice, ACTION_ADVICE, envelope.taskId)
    core.summary.addRaw(
      `<p><strong>Error <code>${escapeHtml(envelope.errorCode)}</code></strong>: ${summaryText(what, MAX_MESSAGE_CHARS)}</p>`,
      true
    )
    if (steps !== null) {
      core.summary.addRaw(`<p><strong>Next steps</strong>: ${summaryAdvice(steps)}</p>`, true)
    }
  }
  if (items.some(item => item.data?.videoUrl)) {
    core.summary.addRaw(`<p>${escapeHtml(RETENTION_NOTE)}</p>`, true)
  }
  const remarks = [...result.warnings, ...result.notes].slice(0, MAX_REMARKS)
  if (remarks.length > 0) core.summary.addList(remarks.map(r => summaryText(r, MAX_CELL_CHARS * 2)))
  await core.summary.write()
}

function totalsLine(result: ActionResult, items: readonly BatchItemResult[]): string {
  const totals = result.batch?.totals
  const file =
    result.batch === null
      ? ''
      : `Batch file <code>${summaryText(result.batch.file, MAX_CELL_CHARS)}</code>: `
  const parts = [
    `<strong>${items.length}</strong> item${items.length === 1 ? '' : 's'}`,
    `<strong>${summaryNumber(totals?.completed ?? 0)}</strong> done`,
    `<strong>${summaryNumber(totals?.failed ?? 0)}</strong> failed`,
    `credits quoted <strong>${summaryNumber(result.spend?.quotedCredits)}</strong>`,
    `charged <strong>${summaryNumber(totals?.creditsCharged ?? 0)}</strong>`,
    `refunded <strong>${summaryNumber(totals?.creditsRefunded ?? 0)}</strong>`
  ]
  if (items.some(item => item.data?.cache)) {
    parts.push(
      `reused from the cache <strong>${summaryNumber(totals?.reused ?? 0)}</strong>`,
      `credits saved <strong>${summaryNumber(totals?.creditsSaved ?? 0)}</strong>`
    )
  }
  return `${file}${parts.join(' · ')}`
}

function itemRow(
  index: number,
  item: BatchItemResult,
  { model, prompt }: { model: string; prompt: string | null },
  quotes: ReadonlyMap<string, number>,
  cached: boolean
): string {
  const data = item.data
  const quoted = quotes.get(item.name)
  const about = !prompt?.trim() ? '' : `<br><sub>“${summaryText(prompt, MAX_PROMPT_CHARS)}”</sub>`
  const cells = [
    String(index + 1),
    `${summaryText(item.name, MAX_CELL_CHARS)}${about}`,
    model === '' ? '' : `<code>${summaryText(model, MAX_CELL_CHARS)}</code>`,
    summaryText(item.status ?? (item.ok ? 'done' : 'not sent'), MAX_CELL_CHARS),
    item.taskId === null ? '' : `<code>${summaryText(item.taskId, MAX_CELL_CHARS)}</code>`,
    creditsCell(quoted, data?.creditsCharged, data?.creditsRefunded),
    resultCell(item),
    ...(cached ? [cacheCell(item)] : [])
  ]
  return `<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>`
}

/** Reused (from which task, what it saved) or rendered by this run. */
function cacheCell(item: BatchItemResult): string {
  const report = item.data?.cache
  if (!report) return ''
  if (!report.reused) return item.ok ? 'rendered' : ''
  const from =
    report.fromTaskId === null
      ? ''
      : ` from <code>${summaryText(report.fromTaskId, MAX_CELL_CHARS)}</code>`
  return `reused${from}, ${summaryNumber(report.creditsSaved)} credits saved`
}

/** One cell: what was charged (else quoted), and a refund when there was one. */
function creditsCell(quoted: number | undefined, charged: unknown, refunded: unknown): string {
  const refund =
    refunded === null || refunded === undefined || refunded === 0
      ? ''
      : `, ${summaryNumber(refunded)} refunded`
  if (charged !== null && charged !== undefined) return `${summaryNumber(charged)}${refund}`
  return quoted === undefined ? '—' : `quoted ${summaryNumber(quoted)}`
}

function resultCell(item: BatchItemResult): string {
  if (!item.ok) {
    const code = `<code>${escapeHtml(item.errorCode ?? 'UNKNOWN_ERROR')}</code>`
    const message = item.errorMessage ?? ''
    if (message.length <= MAX_INLINE_MESSAGE_CHARS)
      return message === '' ? code : `${code} ${summaryText(message, MAX_CELL_CHARS)}`
    // A long error would stretch the table: folded, it opens on a click.
    return `<details><summary>${code} why</summary>${summaryText(message, MAX_MESSAGE_CHARS)}</details>`
  }
  const parts: string[] = []
  const url = item.data?.videoUrl
  if (url) parts.push(summaryLink(url, MAX_MESSAGE_CHARS, 'video'))
  if (item.data?.download)
    parts.push(
      `saved as <code>${summaryText(workspaceRelative(item.data.download.path), MAX_CELL_CHARS)}</code>`
    )
  return parts.join('<br>')
}
