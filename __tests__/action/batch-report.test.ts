import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BatchItemResult } from '../../src/core/batch/batch.js'
import type { ActionResult } from '../../src/action/operations.js'
import { loadEmulator } from '../../__fixtures__/runner.js'

// Real GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, as the runner gives them: nothing mocked.
let dir: string
const files = { summary: '', output: '' }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aivideo-batch-report-'))
  files.summary = join(dir, 'summary.md')
  files.output = join(dir, 'output')
  await writeFile(files.summary, '')
  await writeFile(files.output, '')
  process.env.GITHUB_STEP_SUMMARY = files.summary
  process.env.GITHUB_OUTPUT = files.output
  // The results-file goes to RUNNER_TEMP, as on a runner: inside this test's folder.
  process.env.RUNNER_TEMP = dir
})

afterAll(async () => {
  delete process.env.GITHUB_STEP_SUMMARY
  delete process.env.GITHUB_OUTPUT
  delete process.env.RUNNER_TEMP
  await rm(dir, { recursive: true, force: true })
})

/** A finished item with a large task detail and a long error, as a big batch has them. */
function item(index: number): BatchItemResult {
  const taskId = `ck${String(index).padStart(24, '0')}`
  return {
    name: `clip-${index + 1}`,
    ok: false,
    status: 'FAILED',
    taskId,
    data: {
      model: 't2v',
      taskId,
      status: 'FAILED',
      videoUrl: null,
      creditsCharged: 15,
      creditsRefunded: 15,
      idempotentReplay: false,
      notes: [],
      timings: { startedAt: '', finishedAt: '', elapsedMs: 0, polls: 3 },
      task: { id: taskId, status: 'FAILED', videoUrl: null, input: { prompt: 'p'.repeat(1500) } },
      download: null,
      cache: null
    },
    errorCode: 'TASK_FAILED',
    errorMessage: `item ${index + 1}: task ${taskId} FAILED: ${'the content was refused. '.repeat(20)}`,
    retryAfter: null
  }
}

function bigBatch(count: number): ActionResult {
  const results = Array.from({ length: count }, (_, i) => item(i))
  return {
    action: 'run',
    model: '',
    envelope: {
      ok: false,
      status: null,
      taskId: null,
      data: { totals: { items: count } },
      errorCode: 'TASK_FAILED',
      errorMessage: 'all failed',
      retryAfter: null
    },
    videoUrl: null,
    videoPath: null,
    quote: null,
    results,
    batch: {
      file: 'big.json',
      totals: {
        items: count,
        completed: 0,
        failed: count,
        creditsCharged: 15 * count,
        creditsRefunded: 15 * count,
        reused: 0,
        creditsSaved: 0
      },
      models: results.map(() => 't2v')
    },
    spend: { quotedCredits: 15 * count, quotes: [], balance: null, estimate: null },
    notes: [],
    warnings: []
  }
}

describe('writeBatchSummary', () => {
  it('keeps a 1000-item summary under ~200 KB, with the totals and a note for the rows left out', async () => {
    const { writeBatchSummary } = await import('../../src/action/batch-summary.js')
    await writeBatchSummary(bigBatch(1000))
    const summary = await readFile(files.summary, 'utf8')

    expect(summary.length).toBeLessThan(210_000)
    expect(summary).toContain('<strong>1000</strong> items')
    expect(summary).toMatch(/credits quoted <strong>15000<\/strong>/)
    expect(summary).toContain('<td>clip-1</td>')
    expect(summary).not.toContain('<td>clip-1000</td>')
    expect(summary).toMatch(/\d+ more item\(s\) are not shown/)
    expect(summary).toContain('the <code>results-file</code> output has every item')
  })
})

describe('writeOutputs', () => {
  it('keeps every item of a large batch in results, leaving out the task details first', async () => {
    const { writeOutputs } = await import('../../src/action/outputs.js')
    writeOutputs(bigBatch(300))
    const { parseFileCommands } = await loadEmulator()
    const outputs = parseFileCommands(await readFile(files.output, 'utf8'))
    const results = JSON.parse(outputs.results) as BatchItemResult[]

    expect(outputs.results.length).toBeLessThanOrEqual(450_000)
    expect(results).toHaveLength(300)
    expect(results[299]).toMatchObject({ name: 'clip-300', errorCode: 'TASK_FAILED' })
    expect(results[0].data).toMatchObject({ model: 't2v', creditsCharged: 15, task: null })
  })
})
