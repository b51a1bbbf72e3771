import { join } from 'node:path'
import { isAbortError, type Clock } from '../time/clock.js'
import { ConcurrencyLimit } from '../time/concurrency-limit.js'
import { downloadFile, unsavedVideoFailure, type DownloadResult } from '../tasks/download.js'
import { fetchSettledDetail } from '../tasks/settled-detail.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { ResultCache } from '../cache/result-cache.js'
import { keepRenderedResult } from '../run/cached-result.js'
import { actionableMessage } from '../api/errors.js'
import type { BatchOptions } from './types.js'
import type { BatchLedger, Slot } from './batch-ledger.js'
import { itemLabel } from './batch-validation.js'
import type { WatchedTask } from '../watch/types.js'
import { prefixedMessage } from '../api/advice.js'

/** Turns a settled task into its item's result: detail, outcome, and download. */
export class ItemCompletion {
  private readonly downloads: ConcurrencyLimit

  constructor(
    private readonly options: BatchOptions,
    private readonly clock: Clock,
    private readonly ledger: BatchLedger,
    /** The batch's deadline: no detail fetch starts past it. */
    private readonly deadline: number,
    concurrency: number,
    /** The result cache a COMPLETED item's video goes into, or null. */
    private readonly cache: ResultCache | null
  ) {
    this.downloads = new ConcurrencyLimit(concurrency)
  }

  /** getTask (when the list did not carry the detail), the outcome, and the download. */
  async complete(slot: Slot, outcome: Envelope<WatchedTask>): Promise<void> {
    const label = itemLabel(slot.index, slot.name)
    const taskId = outcome.taskId as string
    if (!outcome.ok || outcome.data === null) {
      return this.ledger.finish(slot.index, {
        ...outcome,
        data: null,
        errorMessage: prefixedMessage(`${label}: `, outcome.errorMessage)
      })
    }
    const status = outcome.data.status
    let task = outcome.data.task
    try {
      if (task === null || (status === 'COMPLETED' && task.videoUrl === null)) {
        const detail = await fetchSettledDetail(this.options.client, taskId, {
          clock: this.clock,
          deadline: this.deadline,
          status,
          signal: this.options.signal
        })
        if (detail.ok && detail.data !== null) task = detail.data
        else if (status === 'COMPLETED') {
          return this.ledger.finish(slot.index, {
            ...detail,
            status,
            errorMessage: prefixedMessage(`${label}: `, detail.errorMessage)
          })
        }
      }
      if (task !== null) {
        slot.data.task = task
        slot.data.videoUrl = task.videoUrl
        slot.data.creditsCharged = task.creditsCharged ?? slot.data.creditsCharged
        slot.data.creditsRefunded = task.creditsRefunded ?? null
      }
      if (status !== 'COMPLETED') {
        const code = status === 'CANCEL' ? 'TASK_CANCELLED' : 'TASK_FAILED'
        const reason = task?.output?.error ?? task?.output?.msg
        const what = `${label}: task ${taskId} ${status === 'CANCEL' ? 'was cancelled' : 'FAILED'}${typeof reason === 'string' && reason !== '' ? `: ${reason}` : ''}`
        return this.ledger.finish(
          slot.index,
          failureEnvelope({ errorCode: code, errorMessage: actionableMessage(code, what) })
        )
      }
      await this.deliver(slot, label, taskId)
    } catch (error) {
      if (!isAbortError(error) && !this.options.signal?.aborted) throw error
      const what = `${label}: the batch was interrupted while task ${taskId} was being fetched`
      this.ledger.finish(
        slot.index,
        failureEnvelope({ errorCode: 'ABORTED', errorMessage: actionableMessage('ABORTED', what) })
      )
    }
  }

  /** A COMPLETED task: its video URL, saved when asked. */
  private async deliver(slot: Slot, label: string, taskId: string): Promise<void> {
    if (slot.data.videoUrl === null) {
      const what = `${label}: task ${taskId} is COMPLETED but its detail has no output.url or output.videoUrl`
      return this.ledger.finish(
        slot.index,
        failureEnvelope({
          errorCode: 'UNKNOWN_ERROR',
          errorMessage: actionableMessage('UNKNOWN_ERROR', what)
        })
      )
    }
    const failure = await this.keepInCache(slot, slot.data.videoUrl)
    if (failure !== null) {
      const withLabel = {
        ...failure,
        errorMessage: prefixedMessage(`${label}: `, failure.errorMessage)
      }
      return this.ledger.finish(slot.index, failureEnvelope(withLabel))
    }
    if (this.options.downloadDir !== undefined && slot.data.download === null) {
      const saved = await this.save(slot.name, slot.data.videoUrl)
      if (!saved.ok) {
        const unsaved = unsavedVideoFailure(saved, taskId, slot.data.creditsCharged)
        const failure = {
          ...unsaved,
          errorMessage: prefixedMessage(`${label}: `, unsaved.errorMessage)
        }
        return this.ledger.finish(slot.index, failureEnvelope(failure))
      }
      slot.data.download = { path: saved.path, bytes: saved.bytes }
    }
    this.ledger.finish(slot.index, successEnvelope(null))
  }

  /**
   * A rendered item's video goes into the cache (even without a download directory),
   * then is copied from there to `<downloadDir>/<name>.mp4`. Returns the download's
   * failure when the video could not be fetched and a download was asked for; a cache
   * that cannot be written leaves the plain download to `save`.
   */
  private async keepInCache(slot: Slot, videoUrl: string): Promise<Failure | null> {
    const cache = this.cache
    const digest = slot.data.cache?.digest
    if (cache === null || digest === undefined) return null
    const dir = this.options.downloadDir
    return this.downloads.run(() =>
      keepRenderedResult(cache, digest, slot.data, {
        videoUrl,
        baseUrl: this.options.client.baseUrl,
        maxBytes: this.options.downloadMaxBytes,
        destination: dir === undefined ? undefined : join(dir, `${slot.name}.mp4`),
        signal: this.options.signal,
        clock: this.clock
      })
    )
  }

  /** Downloads one video to `<downloadDir>/<name>.mp4`, at most `concurrency` at once. */
  private async save(name: string, url: string): Promise<DownloadResult> {
    const path = join(this.options.downloadDir as string, `${name}.mp4`)
    // A folder that cannot be made or written is LOCAL_IO_ERROR in the result, never a throw.
    return this.downloads.run(() =>
      downloadFile(url, path, {
        maxBytes: this.options.downloadMaxBytes,
        baseUrl: this.options.client.baseUrl,
        signal: this.options.signal,
        clock: this.clock,
        retryPolicy: this.options.client.retryPolicy
      })
    )
  }
}
