import * as core from '@actions/core'
import type { AccountData, QuoteData } from '../core/api/client.js'
import { adviceText, messageParts } from '../core/api/advice.js'
import { ACTION_ADVICE } from './advice-words.js'
import type { TaskDetail } from '../core/api/task-record.js'
import { formatMs } from '../core/watch/wait.js'
import type { RunData } from '../core/run/workflow.js'
import type { ActionResult } from './operations.js'
import {
  escapeHtml,
  summaryAdvice,
  summaryLink,
  summaryNumber,
  summaryText
} from './sinks/job-summary.js'
import { workspaceRelative } from './workspace-path.js'

/** Cells are clipped so the summary stays a few KiB, far under GitHub's 1 MiB per step. */
const MAX_CELL_CHARS = 300
const MAX_MESSAGE_CHARS = 2_000
const MAX_LISTED_TASKS = 10
const MAX_PROMPT_CHARS = 160

export const RETENTION_NOTE =
  'The file is kept for 24 hours — download it or upload it as an artifact.'

type Row = [label: string, html: string]

/**
 * Writes the job summary: the outcome at a glance (a mark, the status, then the prompt,
 * clipped, and the model), a small table of what happened and, on failure, what to do.
 * `prompt` is the request's, when it had one.
 */
export async function writeSummary(
  result: ActionResult,
  prompt: string | null = null
): Promise<void> {
  const { envelope } = result
  const outcome = envelope.ok ? (envelope.status ?? 'ok') : `failed: ${envelope.errorCode}`
  core.summary.addHeading(
    `${envelope.ok ? '✅' : '❌'} AIVideoMaker ${escapeHtml(result.action)} — ${summaryText(outcome, MAX_CELL_CHARS)}`,
    3
  )
  const glance = glanceLine(result, prompt ?? taskPrompt(envelope.data))
  if (glance !== '') core.summary.addRaw(`<p>${glance}</p>`, true)
  const rows = [...commonRows(result), ...actionRows(result)]
  if (rows.length > 0) {
    core.summary.addTable([
      [
        { data: 'Item', header: true },
        { data: 'Value', header: true }
      ],
      ...rows.map(([label, html]) => [summaryText(label, MAX_CELL_CHARS), html])
    ])
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
  if (result.videoUrl !== null) core.summary.addRaw(`<p>${escapeHtml(RETENTION_NOTE)}</p>`, true)
  const remarks = [...result.warnings, ...result.notes].slice(0, 10)
  if (remarks.length > 0) core.summary.addList(remarks.map(r => summaryText(r, MAX_CELL_CHARS)))
  await core.summary.write()
}

/** One line the post step adds under main's summary. */
export async function appendSummaryLine(text: string): Promise<void> {
  await core.summary.addRaw(`<p>${summaryText(text, MAX_MESSAGE_CHARS)}</p>`, true).write()
}

/** The prompt (clipped) and the model, the two things a reader recognises a run by. */
function glanceLine(result: ActionResult, prompt: string | null): string {
  const parts: string[] = []
  if (prompt !== null && prompt.trim() !== '')
    parts.push(`<strong>Prompt</strong>: “${summaryText(prompt.trim(), MAX_PROMPT_CHARS)}”`)
  if (result.model !== '') parts.push(`<strong>Model</strong>: ${code(result.model)}`)
  return parts.join(' · ')
}

/** The prompt a resumed task was created with, as its detail echoes it. */
function taskPrompt(data: unknown): string | null {
  const task = (data as { task?: { input?: { prompt?: unknown } } } | null)?.task
  return typeof task?.input?.prompt === 'string' ? task.input.prompt : null
}

function commonRows(result: ActionResult): Row[] {
  const { envelope } = result
  const rows: Row[] = []
  if (envelope.taskId !== null) rows.push(['Task id', code(envelope.taskId)])
  if (envelope.status !== null) rows.push(['Status', text(envelope.status)])
  if (envelope.retryAfter !== null)
    rows.push(['Retry after', `${summaryNumber(envelope.retryAfter)}s`])
  const spend = result.spend
  if (spend?.quotedCredits != null)
    rows.push(['Credits quoted', summaryNumber(spend.quotedCredits)])
  if (spend?.balance != null) rows.push(['Balance when quoted', summaryNumber(spend.balance)])
  // The local estimate is a rough hint: once a quote or a charge gives the price, it
  // would only contradict it.
  const charged = (envelope.data as { creditsCharged?: unknown } | null)?.creditsCharged
  if (spend?.estimate && spend.quotedCredits == null && charged == null)
    rows.push(['Estimate', text(spend.estimate)])
  return rows
}

function actionRows(result: ActionResult): Row[] {
  const data = result.envelope.data
  if (data === null || typeof data !== 'object') return linkRows(result)
  switch (result.action) {
    case 'run':
      return [...runRows(data as RunData), ...linkRows(result)]
    case 'getTask':
      return [...taskRows(data as TaskDetail), ...linkRows(result)]
    case 'createGeneration':
      return creditRows(data as { creditsCharged?: number | null })
    case 'cancelTask':
      return creditRows(data as { creditsRefunded?: number | null })
    case 'account':
      return accountRows(data as AccountData)
    case 'quote':
      return quoteRows(data as QuoteData)
    case 'listTasks':
      return listRows((data as { tasks: TaskDetail[] }).tasks ?? [])
    case 'getStatus':
      return []
    default: {
      const unknown: never = result.action
      return unknown
    }
  }
}

function runRows(data: RunData): Row[] {
  const rows: Row[] = [...creditRows(data)]
  if (data.idempotentReplay)
    rows.push([
      'Idempotent replay',
      text('yes — the task of an earlier attempt, not charged again')
    ])
  if (data.cache) {
    const report = data.cache
    rows.push([
      'Result cache',
      text(
        report.reused
          ? `reused — task ${report.fromTaskId ?? ''} rendered it (stored ${report.at ?? ''}); nothing sent, ${report.creditsSaved} credits saved`
          : report.stored
            ? 'rendered, and stored for later runs'
            : `rendered${report.reason === null ? '' : ` (${report.reason})`}`
      )
    ])
  }
  const { timings } = data
  if (timings.startedAt !== '') rows.push(['Started', text(timings.startedAt)])
  if (timings.finishedAt !== '') {
    rows.push([
      'Elapsed',
      text(
        `${formatMs(timings.elapsedMs)} (${timings.polls} ${timings.polls === 1 ? 'poll' : 'polls'})`
      )
    ])
  }
  return rows
}

function taskRows(task: TaskDetail): Row[] {
  const rows = creditRows(task)
  if (typeof task.createdAt === 'string') rows.push(['Created', text(task.createdAt)])
  if (typeof task.completedAt === 'string') rows.push(['Completed', text(task.completedAt)])
  return rows
}

function creditRows(data: { creditsCharged?: unknown; creditsRefunded?: unknown }): Row[] {
  const rows: Row[] = []
  // Typed as numbers, but whatever upstream sent: a present value is shown, checked.
  if (data.creditsCharged != null)
    rows.push(['Credits charged', summaryNumber(data.creditsCharged)])
  if (data.creditsRefunded != null)
    rows.push(['Credits refunded', summaryNumber(data.creditsRefunded)])
  return rows
}

function linkRows(result: ActionResult): Row[] {
  const rows: Row[] = []
  if (result.videoUrl !== null) {
    rows.push(['Result', summaryLink(result.videoUrl, MAX_MESSAGE_CHARS)])
  }
  if (result.videoPath !== null)
    rows.push(['Downloaded to', code(workspaceRelative(result.videoPath))])
  return rows
}

function accountRows(account: AccountData): Row[] {
  const rows: Row[] = [
    ['Supported models', text(account.supportedModels.join(', ') || 'none listed')],
    ['Balance (credits)', summaryNumber(account.currentBalance ?? NaN)]
  ]
  const limits: [string, string][] = [
    ['dailyCreditLimit', 'Daily credit limit'],
    ['generationRequestsPerMinute', 'Generations per minute'],
    ['creditWarningAt', 'Credit warning at']
  ]
  for (const [field, label] of limits) {
    const value = account[field]
    if (value !== null && value !== undefined)
      rows.push([label, value === -1 ? 'unlimited' : summaryNumber(value)])
  }
  return rows
}

function quoteRows(quote: QuoteData): Row[] {
  const rows: Row[] = [['Price (credits)', summaryNumber(quote.credits ?? NaN)]]
  if (quote.affordable !== null) rows.push(['Affordable', text(quote.affordable ? 'yes' : 'no')])
  if (quote.currentBalance !== null)
    rows.push(['Balance (credits)', summaryNumber(quote.currentBalance)])
  return rows
}

function listRows(tasks: TaskDetail[]): Row[] {
  const shown = tasks
    .slice(0, MAX_LISTED_TASKS)
    .map((task): Row => [
      task.id,
      text([task.model, task.status, task.createdAt].filter(Boolean).join(' · '))
    ])
  const more = tasks.length - shown.length
  return [
    ['Tasks', String(tasks.length)],
    ...shown,
    ...(more > 0 ? [['…', text(`${more} more`)] as Row] : [])
  ]
}

function text(value: string): string {
  return summaryText(value, MAX_CELL_CHARS)
}

function code(value: string): string {
  return `<code>${text(value)}</code>`
}
