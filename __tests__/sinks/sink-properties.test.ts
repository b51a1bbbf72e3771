import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import fc from 'fast-check'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBatchSummary } from '../../src/action/batch-summary.js'
import type { ActionResult } from '../../src/action/operations.js'
import { writeOutputs } from '../../src/action/outputs.js'
import { renderResultsComment, type ResultRow } from '../../src/action/pr-comment-body.js'
import { createBatchProgressLogger, describeProgress } from '../../src/action/progress.js'
import { summaryAdvice } from '../../src/action/sinks/job-summary.js'
import { logLine } from '../../src/action/sinks/workflow-log.js'
import { writeSummary } from '../../src/action/summary.js'
import { createReporter } from '../../src/cli/progress.js'
import type { BatchItemResult } from '../../src/core/batch/batch.js'
import { loadEmulator } from '../../__fixtures__/runner.js'
import { commandLines, hostileNumber, hostileText } from './hostile-text.js'

const RUNS = { numRuns: 150 }
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_LINE = /[\r\n\u2028\u2029\u0085\u001b]/
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

let dir: string
const saved = { ...process.env }
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aivideo-sinks-'))
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md')
  process.env.GITHUB_OUTPUT = join(dir, 'output')
})
afterAll(async () => {
  process.env = saved
  await rm(dir, { recursive: true, force: true })
})
afterEach(() => {
  core.summary.emptyBuffer()
})

/** What `fn` writes to stdout (where `core.info` goes), captured and not shown. */
function captureStdout(fn: () => void): string {
  const write = process.stdout.write
  let text = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    fn()
  } finally {
    process.stdout.write = write
  }
  return text
}

function taskRecord(text: string, credits: unknown): Record<string, unknown> {
  return {
    id: 'ck1',
    status: text,
    model: text,
    createdAt: text,
    completedAt: text,
    output: { msg: text, error: text },
    creditsCharged: credits,
    creditsRefunded: credits,
    videoUrl: text
  }
}

function batchItem(name: string, text: string, credits: unknown, ok: boolean): BatchItemResult {
  return {
    ok,
    status: text,
    taskId: text,
    data: {
      model: text,
      videoUrl: text,
      creditsCharged: credits,
      creditsRefunded: credits,
      task: taskRecord(text, credits),
      download: { path: text, bytes: 1 }
    },
    errorCode: ok ? null : 'TASK_FAILED',
    errorMessage: ok ? null : text,
    retryAfter: null,
    name
  } as unknown as BatchItemResult
}

function actionResult(
  action: ActionResult['action'],
  text: string,
  data: unknown,
  extra: Partial<ActionResult> = {}
): ActionResult {
  return {
    action,
    model: text,
    envelope: {
      ok: false,
      status: text,
      taskId: text,
      data,
      errorCode: 'TASK_FAILED',
      errorMessage: text,
      retryAfter: null
    },
    videoUrl: text,
    videoPath: text,
    quote: null,
    results: null,
    batch: null,
    spend: null,
    notes: [text],
    warnings: [text],
    ...extra
  }
}

// Our own tags; anything else starting with `<` came from upstream unescaped.
const OUR_TAGS =
  /<\/?(?:h3|p|strong|code|table|tr|th|td|br|sub|ul|li|a|details|summary)(?: href="[^"<>]*")?>/g

async function summaryOf(write: () => Promise<void>): Promise<string> {
  await writeFile(process.env.GITHUB_STEP_SUMMARY as string, '')
  await write()
  return readFile(process.env.GITHUB_STEP_SUMMARY as string, 'utf8')
}

function expectSafeSummary(summary: string): void {
  expect(summary.replace(OUR_TAGS, '')).not.toContain('<')
  // The summary is one HTML block: a blank line inside would switch GitHub to Markdown.
  expect(summary.trimEnd()).not.toMatch(/\n\s*\n/)
}

/**
 * The Markdown outside code spans, as GitHub reads it: table rows are split into cells at
 * pipes first (GFM), then a run of n backticks opens a span that the next run of exactly n
 * closes (CommonMark).
 */
function outsideCodeSpans(markdown: string): string {
  return markdown
    .split('\n')
    .map(line => (line.startsWith('|') ? line.split(/(?<!\\)\|/) : [line]))
    .map(cells => cells.map(withoutCodeSpans).join('|'))
    .join('\n')
}

function withoutCodeSpans(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i++]
      continue
    }
    const run = (at: number): number => {
      let n = 0
      while (text[at + n] === '`') n++
      return n
    }
    const open = run(i)
    let close = -1
    for (let j = i + open; j < text.length;) {
      const n = run(j)
      if (n === open) {
        close = j
        break
      }
      j += Math.max(1, n)
    }
    if (close === -1) {
      out += text.slice(i, i + open)
      i += open
    } else {
      out += '␣'
      i = close + open
    }
  }
  return out
}

describe('workflow log sink', () => {
  it('logLine keeps any text on one line that starts no workflow command', () => {
    fc.assert(
      fc.property(hostileText, text => {
        const line = logLine(text)
        expect(line).not.toMatch(UNSAFE_IN_LINE)
        expect(commandLines(line)).toEqual([])
      }),
      RUNS
    )
  })

  it('progress, batch created and finished lines carry upstream text without starting a command', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (status, name) => {
        const log = createBatchProgressLogger()
        const stdout = captureStdout(() => {
          log({
            event: { type: 'created', name, taskId: status, status, replay: false },
            items: 1,
            waiting: 1,
            completed: 0,
            failed: 0,
            elapsedMs: 0
          })
          log({
            event: { type: 'finished', name, result: batchItem(name, status, 1, false) },
            items: 1,
            waiting: 0,
            completed: 0,
            failed: 1,
            elapsedMs: 0
          })
        })
        expect(commandLines(stdout)).toEqual([])
        expect(stdout.split('\n')).toHaveLength(3)
        const line = describeProgress({
          taskId: status,
          status,
          elapsedMs: 1,
          polls: 1,
          nextPollMs: null
        } as Parameters<typeof describeProgress>[0])
        expect(commandLines(logLine(line))).toEqual([])
      }),
      RUNS
    )
  })
})

describe('terminal sink (CLI stderr)', () => {
  it('writes no escape sequence or control character from upstream when stderr is not a TTY', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (status, note) => {
        let stderr = ''
        const reporter = createReporter({
          stderr: { write: text => (stderr += text) },
          isTTY: false,
          quiet: false
        })
        reporter.note(note)
        reporter.progress({ taskId: status, status, elapsedMs: 1, polls: 1, nextPollMs: null })
        reporter.stop()
        expect(stderr).not.toMatch(CONTROLS_BUT_LF)
        expect(stderr.split('\n')).toHaveLength(3)
      }),
      RUNS
    )
  })

  it('on a TTY writes only its own line-clearing codes', () => {
    fc.assert(
      fc.property(hostileText, status => {
        let stderr = ''
        const reporter = createReporter({
          stderr: { write: text => (stderr += text) },
          isTTY: true,
          quiet: false
        })
        reporter.progress({ taskId: 'ck1', status, elapsedMs: 1, polls: 1, nextPollMs: 5_000 })
        reporter.note(status)
        reporter.stop()
        const ours = stderr.split('\r\u001b[2K').join('')
        expect(ours).not.toMatch(CONTROLS_BUT_LF)
      }),
      RUNS
    )
  })
})

describe('job summary sink', () => {
  it('next steps: backtick spans become <code>, and nothing else can open a tag', () => {
    fc.assert(
      fc.property(hostileText, text => {
        const html = summaryAdvice(`resume with \`task-id: ${text}\` or cancel it`)
        expectSafeSummary(html)
        expect(html).not.toMatch(/[\r\n]/)
      }),
      RUNS
    )
    expect(summaryAdvice('run with `task-id: ck1` and `action: cancelTask`')).toBe(
      'run with <code>task-id: ck1</code> and <code>action: cancelTask</code>'
    )
  })

  it('batch summary: no raw < from upstream, credits only as finite numbers or unknown', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileNumber, async (text, credits) => {
        const items = [batchItem(text, text, credits, true), batchItem('b', text, credits, false)]
        const result = actionResult('run', text, null, {
          results: items,
          batch: {
            file: text,
            models: [text, text],
            totals: {
              items: 2,
              completed: 1,
              failed: 1,
              creditsCharged: credits as number,
              creditsRefunded: credits as number,
              reused: 0,
              creditsSaved: 0
            }
          },
          spend: { quotedCredits: credits as number, quotes: [], balance: null, estimate: text }
        })
        // The prompts come from the batch file: as untrusted as anything upstream sends.
        const summary = await summaryOf(() => writeBatchSummary(result, [text, null]))
        expectSafeSummary(summary)
        const shown = [...summary.matchAll(/(?:charged|refunded|quoted) <strong>([^<]*)</g)]
        for (const [, value] of shown) expect(value).toMatch(/^(?:-?\d+(?:\.\d+)?|unknown|—)$/)
      }),
      { numRuns: 60 }
    )
  })

  it('step summary: no raw < from upstream in any action', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileNumber, async (text, number) => {
        const task = taskRecord(text, number)
        const results = [
          actionResult('getTask', text, task),
          actionResult('listTasks', text, { tasks: [task, task] }),
          actionResult('account', text, {
            supportedModels: [text],
            currentBalance: number,
            dailyCreditLimit: number
          }),
          actionResult('quote', text, {
            credits: number,
            affordable: true,
            currentBalance: number
          }),
          actionResult('cancelTask', text, { creditsRefunded: number })
        ]
        for (const result of results) {
          const summary = await summaryOf(() => writeSummary(result))
          expectSafeSummary(summary)
          expect(summary).not.toMatch(/<td>[^<]*(?:NaN|Infinity|\[object)/)
        }
      }),
      { numRuns: 40 }
    )
  })
})

describe('PR comment sink', () => {
  it('no live link, image, mention, reference or HTML from upstream', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileNumber, (text, url, credits) => {
        const row = (ok: boolean): ResultRow => ({
          ...batchItem(text, text, credits, ok),
          data: { model: text, videoUrl: url, creditsCharged: credits, task: { videoUrl: url } },
          model: text
        })
        const body = renderResultsComment([row(true), row(false)], {
          runUrl: 'https://github.com/o/r/actions/runs/1'
        })
        const [marker, ...rest] = body.split('\n')
        expect(marker).toBe('<!-- aivideomaker-action:results -->')
        const outside = outsideCodeSpans(rest.join('\n'))
          .replace(/\[video\]\((?:https:\/\/|http:\/\/127\.0\.0\.1[:/])[^\s()<>]*\)/g, '')
          .replace('[Workflow run](https://github.com/o/r/actions/runs/1)', '')
          .replace('> [!NOTE]', '')
          // The fold of a batch's messages: fixed tags, nothing from a result inside them.
          .replace('<details><summary>Messages and next steps</summary>', '')
          .replace('</details>', '')
        expect(outside).not.toMatch(/[[\]<@]|:\/\/|www\.|#\d|!\[/)
      }),
      RUNS
    )
  })
})

describe('outputs', () => {
  it('carry upstream text verbatim, only through the output file', async () => {
    const { parseFileCommands } = await loadEmulator()
    const file = process.env.GITHUB_OUTPUT as string
    await fc.assert(
      fc.asyncProperty(hostileText, async text => {
        await writeFile(file, '')
        const stdout = captureStdout(() => writeOutputs(actionResult('getStatus', text, null)))
        const outputs = parseFileCommands(await readFile(file, 'utf8'))
        // The file is read line by line, so a CR before a line end is not kept: compare without.
        const lines = (value: string) => value.replace(/\r/g, '')
        expect(lines(outputs.status)).toBe(lines(text))
        expect(lines(outputs.errorMessage)).toBe(lines(text))
        expect(stdout).toBe('')
      }),
      { numRuns: 60 }
    )
  })
})
