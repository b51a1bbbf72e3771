import * as core from '@actions/core'
import type { BatchItemResult } from '../core/batch/batch.js'
import { Outputs } from './constants.js'
import { writeResultsFile } from './results-file.js'
import type { ActionResult } from './operations.js'

/**
 * GitHub keeps at most 1 MiB of outputs per job, and `data` appears twice (alone and in
 * `envelope`): above this size long strings (e.g. data: URIs echoed back in a task's
 * input) are clipped and long lists shortened, each marked as such.
 */
const MAX_DATA_CHARS = 200_000
const MAX_STRING_CHARS = 2_000
const MAX_LIST_ITEMS = 100
/**
 * The `results` output of a big batch: above this, each item's full task detail is left
 * out, then its data is cut to the fields a later step uses (all within the 1 MiB per job).
 */
const MAX_RESULTS_CHARS = 450_000

/**
 * Writes every envelope field under its own name (`ok`, `status`, `taskId`, `data` as
 * JSON text, `errorCode`, `errorMessage`, `retryAfter`), the whole `envelope`, and
 * `videoUrl`, `videoPath` (plus `credits`, `affordable` for quote, `results` and
 * `results-file` for batch).
 * Failures get the same outputs; a null field is written as an empty string.
 */
export function writeOutputs(result: ActionResult): void {
  const envelope = { ...result.envelope, data: compactData(result.envelope.data) }
  core.setOutput(Outputs.Ok, String(envelope.ok))
  core.setOutput(Outputs.Status, envelope.status ?? '')
  core.setOutput(Outputs.TaskId, envelope.taskId ?? '')
  core.setOutput(Outputs.Data, envelope.data === null ? '' : JSON.stringify(envelope.data))
  core.setOutput(Outputs.ErrorCode, envelope.errorCode ?? '')
  core.setOutput(Outputs.ErrorMessage, envelope.errorMessage ?? '')
  core.setOutput(
    Outputs.RetryAfter,
    envelope.retryAfter === null ? '' : String(envelope.retryAfter)
  )
  core.setOutput(Outputs.Envelope, JSON.stringify(envelope))
  core.setOutput(Outputs.VideoUrl, result.videoUrl ?? '')
  core.setOutput(Outputs.VideoPath, result.videoPath ?? '')
  if (result.quote !== null) {
    core.setOutput(
      Outputs.Credits,
      result.quote.credits === null ? '' : String(result.quote.credits)
    )
    core.setOutput(
      Outputs.Affordable,
      result.quote.affordable === null ? '' : String(result.quote.affordable)
    )
  }
  if (result.results !== null) {
    core.setOutput(Outputs.Results, resultsText(result.results))
    core.setOutput(Outputs.ResultsFile, writeResultsFile(result.results))
  }
}

/** Every item's envelope with its name; smaller tiers of `data` when the whole is too large. */
function resultsText(results: readonly BatchItemResult[]): string {
  const tiers: ((item: BatchItemResult) => unknown)[] = [
    item => item.data,
    item => (item.data === null ? null : { ...item.data, task: null }),
    item =>
      item.data === null
        ? null
        : {
            model: item.data.model,
            videoUrl: item.data.videoUrl,
            creditsCharged: item.data.creditsCharged,
            creditsRefunded: item.data.creditsRefunded,
            download: item.data.download,
            cache: item.data.cache
          }
  ]
  let text = ''
  for (const data of tiers) {
    text = JSON.stringify(results.map(item => ({ ...item, data: compactData(data(item)) })))
    if (text.length <= MAX_RESULTS_CHARS) return text
  }
  core.warning(
    `The results output is ${text.length} characters: GitHub may refuse outputs this large (1 MiB per job); split the batch`
  )
  return text
}

/** The data as is when small; otherwise with long strings and lists cut, and marked. */
export function compactData(data: unknown): unknown {
  if (data === null || data === undefined) return null
  if (JSON.stringify(data).length <= MAX_DATA_CHARS) return data
  return compact(data)
}

function compact(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length <= MAX_STRING_CHARS
      ? value
      : `${value.slice(0, MAX_STRING_CHARS)}… (${value.length} characters, clipped for the step outputs)`
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_LIST_ITEMS).map(compact)
    if (value.length > MAX_LIST_ITEMS)
      kept.push(`… ${value.length - MAX_LIST_ITEMS} more items left out of the step outputs`)
    return kept
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]))
  }
  return value
}
