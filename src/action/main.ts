import * as core from '@actions/core'
import { isAbortError } from '../core/time/clock.js'
import { failureEnvelope } from '../core/api/envelope.js'
import { redactValue } from '../core/http/secret-redaction.js'
import { actionableMessage } from '../core/api/errors.js'
import { inWords } from '../core/api/advice.js'
import { ACTION_ADVICE } from './advice-words.js'
import type { ActionRequest, ReportOptions } from './action-request.js'
import { annotate } from './annotations.js'
import { InputError } from './input-error.js'
import { parseInputs, parseReportOptions, readApiKey } from './inputs.js'
import { emptyResult, performAction, type ActionResult } from './operations.js'
import { writeOutputs } from './outputs.js'
import { guardSignals } from './signals.js'
import { forkOfPullRequest } from './fork-pull-request.js'
import { workspaceRelative } from './workspace-path.js'
import { State } from './constants.js'
import {
  createCreateRecorder,
  createStateRecorder,
  saveFinished,
  saveSettled,
  saveIdempotencyKey,
  saveTaskStarted
} from './state.js'
import { writeBatchSummary } from './batch-summary.js'
import { writeSummary } from './summary.js'
import { logLine } from './sinks/workflow-log.js'

/** What is known while the step runs, so an interrupted step can still report it. */
interface Progress {
  request: ActionRequest | null
  taskId: string | null
  status: string | null
  /** Batch mode: tasks created so far. */
  batchTasks: number
  /** The Idempotency-Key of a create sent and not yet answered with its task id. */
  unansweredKey: string | null
}

/**
 * The action's main step: inputs -> core -> outputs, summary, annotations, state. Every
 * outcome is reported through the same outputs, failures included; with
 * `fail-on-error: true` (default) a failure also fails the step.
 */
export async function run(): Promise<void> {
  // Masked before anything else can log: an error message could otherwise echo it.
  const apiKey = readApiKey()
  if (apiKey !== '') core.setSecret(apiKey)
  const progress: Progress = {
    request: null,
    taskId: null,
    status: null,
    batchTasks: 0,
    unansweredKey: null
  }
  let reported = false
  const guard = guardSignals(() => {
    if (reported) return
    reported = true
    const result = inActionWords(abortedResult(progress))
    writeOutputs(result)
    annotate(result, progress.request?.failOnError ?? true)
  })
  let result: ActionResult
  let options: ReportOptions
  try {
    const request = await parseInputs()
    if (request.githubToken) core.setSecret(request.githubToken)
    progress.request = request
    options = { failOnError: request.failOnError, summary: request.summary }
    let recordTaskId: ((taskId: string) => void) | null = null
    let recordKey: ((key: string) => void) | null = null
    const creates = createCreateRecorder()
    result = await performAction(request, {
      signal: guard.signal,
      onIdempotencyKey: (key, sent) => {
        saveIdempotencyKey(key, request.baseUrl)
        creates.sent('', key, sent)
        progress.unansweredKey = key
      },
      onTaskId: (taskId, status) => {
        progress.taskId = taskId
        progress.status = status ?? progress.status
        saveTaskStarted(taskId, request.baseUrl, request.model)
        creates.answered('')
        progress.unansweredKey = null
      },
      onStatus: status => {
        progress.status = status
      },
      onBatchIdempotencyKey: (name, key, sent) => {
        recordKey ??= createStateRecorder(State.IdempotencyKeys, request.baseUrl)
        recordKey(key)
        creates.sent(name, key, sent)
      },
      onBatchTaskId: (name, taskId) => {
        progress.batchTasks++
        recordTaskId ??= createStateRecorder(State.TaskIds, request.baseUrl)
        recordTaskId(taskId)
        creates.answered(name)
      },
      claimDeadline: guard.claimDeadline,
      onSettled: saveSettled
    })
  } catch (error) {
    options = progress.request ?? parseReportOptions()
    result = failedResult(progress, error, apiKey, guard.interrupted())
  }
  if (reported) return
  reported = true
  try {
    await report(result, options, progress.request, apiKey, guard.interrupted())
  } finally {
    guard.dispose()
  }
}

/** The result with its advice in the action's words (resume and cancel name the task id). */
function inActionWords(result: ActionResult): ActionResult {
  return {
    ...result,
    envelope: inWords(result.envelope, ACTION_ADVICE),
    results: result.results?.map(item => inWords(item, ACTION_ADVICE)) ?? null
  }
}

async function report(
  result: ActionResult,
  options: ReportOptions,
  request: ActionRequest | null,
  apiKey: string,
  interrupted: boolean
): Promise<void> {
  // Worded first (the advice is looked up by the core's own text), then redacted: upstream
  // text may echo the key (raw or encoded), and nothing reported may carry it.
  result = redactValue(inActionWords(result), [apiKey, request?.githubToken ?? ''])
  const fork =
    apiKey === '' && result.envelope.errorCode === 'AUTH_FAILED' ? forkOfPullRequest() : null
  if (fork !== null) result = explainForkWithoutKey(result, fork)
  writeOutputs(result)
  // An interrupted step leaves what its own claim did not settle to the post step.
  if (!interrupted) saveFinished()
  // A fork's pull request runs without secrets by GitHub's design: a notice, not a red check.
  if (fork !== null)
    core.notice(logLine(result.envelope.errorMessage ?? ''), { title: 'AIVideoMaker' })
  else annotate(result, options.failOnError)
  if (options.summary) {
    const written =
      result.results === null
        ? writeSummary(result, promptOf(request))
        : writeBatchSummary(
            result,
            result.results.map((_, index) =>
              promptOf({ payload: request?.batch?.items[index]?.payload })
            )
          )
    await written.catch((error: unknown) =>
      core.warning(logLine(`Could not write the job summary: ${errorText(error)}`))
    )
  }
  if (request?.commentOnPr && !interrupted) await commentOnPullRequest(result, request, apiKey)
}

/** The envelope with its downloaded file's path relative to the workspace, for the comment. */
function withRelativeDownload<T extends { data: unknown }>(envelope: T): T {
  const data = envelope.data as { download?: { path?: unknown } | null } | null
  const path = data?.download?.path
  if (typeof path !== 'string') return envelope
  return {
    ...envelope,
    data: { ...data, download: { ...data?.download, path: workspaceRelative(path) } }
  }
}

/** The request's prompt, for the summary's first line; null when the payload has none. */
function promptOf(request: Pick<ActionRequest, 'payload'> | null): string | null {
  const prompt = (request?.payload as { prompt?: unknown } | undefined)?.prompt
  return typeof prompt === 'string' ? prompt : null
}

/** The result of a fork's run without a key, its message saying why and what to do. */
function explainForkWithoutKey(result: ActionResult, fork: string): ActionResult {
  const message =
    `No API key: this run is for a pull request from ${fork === 'a deleted fork' ? fork : `the fork ${fork}`}, ` +
    'and GitHub gives such runs no secrets. Nothing was sent, created or charged, and the step ' +
    'is not failed for it. To render the videos, a maintainer pushes the branch to this ' +
    'repository, or runs the workflow there with workflow_dispatch'
  return { ...result, envelope: { ...result.envelope, errorMessage: message } }
}

async function commentOnPullRequest(
  result: ActionResult,
  request: ActionRequest,
  apiKey: string
): Promise<void> {
  // A comment is a report: whatever goes wrong (even loading the GitHub client, which
  // reads GITHUB_API_URL as it loads) ends in a notice, never in a failed step.
  try {
    // Loaded only when asked for: the GitHub client is most of its weight.
    const { upsertResultsComment } = await import('./pr-comment.js')
    const outcome = await upsertResultsComment({
      token: request.githubToken,
      key: request.commentKey,
      results:
        result.results === null
          ? [
              {
                ...withRelativeDownload(result.envelope),
                model: result.model || undefined,
                prompt: promptOf(request) ?? undefined
              }
            ]
          : result.results.map((item, index) => ({
              ...withRelativeDownload(item),
              model: item.data?.model || result.batch?.models[index] || undefined,
              prompt: promptOf({ payload: request.batch?.items[index]?.payload }) ?? undefined
            })),
      secrets: apiKey === '' ? [] : [apiKey],
      artifactName: request.artifactName
    })
    // Logins and GitHub's words are untrusted too: notices pass the log sanitiser.
    if (outcome.ignored !== undefined) core.notice(logLine(describeIgnored(outcome.ignored)))
    if (outcome.action === 'skipped')
      core.notice(logLine(`No pull request comment: ${outcome.reason}`))
    else core.info(logLine(`Pull request comment ${outcome.action}: ${outcome.url ?? ''}`))
  } catch (error) {
    core.notice(logLine(`No pull request comment: ${errorText(error)}`))
  }
}

function describeIgnored(ignored: readonly { id: number; login: string }[]): string {
  const authors = [...new Set(ignored.map(comment => comment.login))].slice(0, 5).join(', ')
  return (
    `${ignored.length} comment(s) on the pull request carry this action's marker but were written ` +
    `by ${authors}, not by the github-token's identity: they were left alone, and only a ` +
    'comment of our own is ever edited'
  )
}

/** The result of a step that did not finish: its envelope is set by the caller. */
function progressResult(progress: Progress): ActionResult {
  return emptyResult(progress.request?.action ?? 'run', progress.request?.model ?? '', '')
}

function failedResult(
  progress: Progress,
  error: unknown,
  apiKey: string,
  interrupted: boolean
): ActionResult {
  if (interrupted || isAbortError(error)) return abortedResult(progress)
  const result = progressResult(progress)
  const fields = { taskId: progress.taskId, status: progress.status }
  if (error instanceof InputError) {
    result.envelope = failureEnvelope(
      { errorCode: error.code, errorMessage: error.message },
      fields
    )
    return result
  }
  // Not expected: the core answers envelopes. Never let the key reach a message.
  const text = apiKey.length >= 4 ? errorText(error).split(apiKey).join('***') : errorText(error)
  result.envelope = failureEnvelope(
    {
      errorCode: 'UNKNOWN_ERROR',
      errorMessage: actionableMessage('UNKNOWN_ERROR', `Unexpected error: ${text}`)
    },
    fields
  )
  return result
}

function abortedResult(progress: Progress): ActionResult {
  const result = progressResult(progress)
  const where =
    progress.batchTasks > 0
      ? `while the batch was running (${progress.batchTasks} task(s) created; the post step cancels those still SUBMITTED)`
      : progress.unansweredKey !== null
        ? // A slow create may still make its task: the post step claims it either way.
          `while its create (Idempotency-Key ${progress.unansweredKey}) was still unanswered; the post step claims its task: finds it by the key, or replays the create and cancels the task`
        : progress.taskId === null
          ? 'before a task id came back'
          : `while task ${progress.taskId} was ${progress.status ?? 'pending'}`
  result.envelope = failureEnvelope(
    {
      errorCode: 'ABORTED',
      errorMessage: actionableMessage('ABORTED', `The step was cancelled ${where}`)
    },
    { taskId: progress.taskId, status: progress.status }
  )
  return result
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
