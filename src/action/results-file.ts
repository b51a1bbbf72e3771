import { logLine } from './sinks/workflow-log.js'
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BatchItemResult } from '../core/batch/batch.js'

/**
 * Writes every batch item's result (its envelope and its name), whole, as a JSON array to
 * a new file in the runner's temp folder, and returns the file's path ('' when it could
 * not be written, with a warning). Step outputs travel through `env:` and expressions,
 * where Linux refuses one string over 128 KiB and a 1000-item batch is about 1 MB: a
 * file has no such limit, and a script reads it without interpolating anything.
 * RUNNER_TEMP is emptied at the end of the job, so the file lives as long as the job.
 */
export function writeResultsFile(results: readonly BatchItemResult[]): string {
  const folder = join(process.env.RUNNER_TEMP || tmpdir(), 'aivideomaker')
  const step = (process.env.GITHUB_ACTION ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64)
  const path = join(
    folder,
    `results-${step === '' ? 'step' : step}-${randomBytes(4).toString('hex')}.json`
  )
  try {
    mkdirSync(folder, { recursive: true })
    writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`, { flag: 'wx' })
    return path
  } catch (error) {
    core.warning(
      logLine(
        `Could not write the results file: ${error instanceof Error ? error.message : String(error)}`
      )
    )
    return ''
  }
}
