import { describe, expect, it } from '@jest/globals'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Simulator } from '../../src/sim/index.js'
import {
  API_KEY,
  checkRunsForTheKey,
  envelopeOf,
  runCliOnTerminal,
  runScript,
  useCliSimulator,
  startScript,
  useCliHarness,
  type CliEnvelope,
  type ScriptResult
} from './cli-process.js'

/** Tasks finish in under a second; no creation limit, so the file's runs never wait for it. */
const cli = useCliHarness({
  durationsMs: { submittedMs: 200, totalMs: 600 },
  key: { balance: 100_000, generationRequestsPerMinute: -1 },
  workDirPrefix: 'aivideomaker-cli-batch-'
})
/** 30 credits: two t2v 5 s jobs at most. */
const poorSim = useCliSimulator({ submittedMs: 200, totalMs: 600 }, { balance: 30 })
/** Tasks stay SUBMITTED for 20 s, long enough to interrupt them there. */
const slowSim = useCliSimulator(
  { submittedMs: 20_000, totalMs: 30_000 },
  { generationRequestsPerMinute: -1 }
)

const FAST = ['--poll-interval', '100ms']

interface Job {
  name?: string
  model: string
  payload: unknown
  'max-credits'?: number
}

/** `count` t2v 5 s jobs (15 credits each in the simulator), named `<prefix>-<n>`. */
function jobs(prefix: string, count: number): Job[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${i + 1}`,
    model: 't2v',
    payload: {
      prompt: `${prefix} shot ${i + 1}: a red fox in snow`,
      aspectRatio: '16:9',
      duration: '5'
    }
  }))
}

async function writeBatch(fileName: string, text: string): Promise<string> {
  await writeFile(join(cli.workDir, fileName), text)
  return fileName
}

function envFor(server: Simulator): Record<string, string> {
  return { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: server.url }
}

function runBatch(
  args: readonly string[],
  server: Simulator = cli.sim,
  stdin?: string
): Promise<ScriptResult> {
  return runScript(args, { env: envFor(server), cwd: cli.workDir, stdin })
}

interface ItemResult extends CliEnvelope {
  name: string
  data: {
    idempotentReplay: boolean
    creditsCharged: number | null
    creditsRefunded: number | null
    download: { path: string; bytes: number } | null
  } | null
}

interface BatchOutput {
  envelope: CliEnvelope
  totals: Record<string, number>
  results: ItemResult[]
}

function batchOf(result: ScriptResult): BatchOutput {
  const envelope = envelopeOf(result.stdout)
  const data = envelope.data as { totals: Record<string, number>; results: ItemResult[] }
  return { envelope, totals: data.totals, results: data.results }
}

checkRunsForTheKey()

describe('--batch <file>: the whole batch', () => {
  it('runs a 5-job JSON batch: one envelope with totals and named results, list polling, exit 0', async () => {
    const file = await writeBatch('five.json', JSON.stringify(jobs('five', 5)))
    const before = cli.sim.stats()
    const result = await runBatch(['--batch', file, '--concurrency', '3', ...FAST])
    expect(result.code).toBe(0)
    const { envelope, totals, results } = batchOf(result)
    expect(envelope).toMatchObject({
      ok: true,
      status: null,
      taskId: null,
      errorCode: null,
      errorMessage: null,
      retryAfter: null
    })
    expect(totals).toEqual({
      items: 5,
      completed: 5,
      failed: 0,
      creditsCharged: 75,
      creditsRefunded: 0,
      reused: 0,
      creditsSaved: 0,
      creditsQuoted: 75
    })
    expect(results.map(r => r.name)).toEqual(['five-1', 'five-2', 'five-3', 'five-4', 'five-5'])
    for (const item of results) {
      expect(item).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
      expect(item.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    }
    const after = cli.sim.stats()
    expect(after.creations - before.creations).toBe(5)
    // Waiting used the list endpoint while several tasks were pending; only a task left
    // alone is asked on its own, never one status request per task per cycle.
    const lists = (after.requests.list?.['200'] ?? 0) - (before.requests.list?.['200'] ?? 0)
    const statuses = (after.requests.status?.['200'] ?? 0) - (before.requests.status?.['200'] ?? 0)
    expect(lists).toBeGreaterThan(0)
    expect(statuses).toBeLessThan(lists)
    // Quoted before anything was created (quotes are free).
    expect((after.requests.quote?.['200'] ?? 0) - (before.requests.quote?.['200'] ?? 0)).toBe(5)
    expect(result.stderr).toContain('quoted 5 jobs: 75 credits')
    expect(result.stderr).toMatch(/item 1 "five-1": task \S+ created \(SUBMITTED\)/)
    expect(result.stderr).toMatch(/item 5 "five-5": COMPLETED, task \S+, 15 credits/)
    expect(result.stderr).toMatch(/batch: \d\/5 done, 0 failed, next poll in/)
    expect(result.stderr).toContain('batch: all 5 jobs COMPLETED, 75 credits charged')
    expect(result.stderr).not.toContain('\r')
  })

  it('reads a YAML batch (names defaulting to item-<n>)', async () => {
    const file = await writeBatch(
      'nightly.yml',
      [
        '- name: owl',
        '  model: t2v',
        "  payload: { prompt: an owl blinks, aspectRatio: '1:1', duration: '5' }",
        '- model: t2v',
        "  payload: { prompt: a heron fishing, aspectRatio: '9:16', duration: 8 }",
        ''
      ].join('\n')
    )
    const result = await runBatch(['--batch', file, ...FAST])
    expect(result.code).toBe(0)
    const { results } = batchOf(result)
    expect(results.map(r => [r.name, r.status])).toEqual([
      ['owl', 'COMPLETED'],
      ['item-2', 'COMPLETED']
    ])
  })

  it('reads the batch from standard input with --batch -', async () => {
    const result = await runBatch(
      ['--batch', '-', ...FAST],
      cli.sim,
      JSON.stringify(jobs('stdin', 2))
    )
    expect(result.code).toBe(0)
    expect(batchOf(result).results.map(r => r.name)).toEqual(['stdin-1', 'stdin-2'])
  })

  it('--download <dir> saves every video as <dir>/<name>.mp4', async () => {
    const file = await writeBatch('clips.json', JSON.stringify(jobs('clip', 3)))
    const result = await runBatch(['--batch', file, '--download', 'videos', ...FAST])
    expect(result.code).toBe(0)
    const { results } = batchOf(result)
    expect((await readdir(join(cli.workDir, 'videos'))).sort()).toEqual([
      'clip-1.mp4',
      'clip-2.mp4',
      'clip-3.mp4'
    ])
    for (const item of results) {
      const saved = item.data?.download
      expect(saved?.path).toBe(join(cli.workDir, 'videos', `${item.name}.mp4`))
      const bytes = await readFile(saved?.path ?? '')
      expect(bytes.length).toBe(saved?.bytes)
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp')
    }
    expect(result.stderr).toContain(`videos saved in ${join(cli.workDir, 'videos')}`)
  })

  it('re-running with --idempotency-key auto replays every task: nothing created, nothing quoted', async () => {
    const file = await writeBatch('again.json', JSON.stringify(jobs('again', 3)))
    const args = ['--batch', file, '--idempotency-key', 'auto', ...FAST]
    const first = batchOf(await runBatch(args))
    expect(first.envelope.ok).toBe(true)
    const before = cli.sim.stats()
    const result = await runBatch(args)
    expect(result.code).toBe(0)
    const second = batchOf(result)
    const after = cli.sim.stats()
    expect(after.creations).toBe(before.creations)
    expect(after.replays - before.replays).toBe(3)
    expect(after.credits.charged).toBe(before.credits.charged)
    expect(after.requests.quote?.['200']).toBe(before.requests.quote?.['200'])
    expect(second.results.map(r => r.taskId)).toEqual(first.results.map(r => r.taskId))
    expect(second.results.every(r => r.data?.idempotentReplay === true)).toBe(true)
    // Free replays: this run paid nothing, and its totals say so.
    expect(second.totals.creditsCharged).toBe(0)
    expect(result.stderr).toContain(
      '3 of 3 item(s) already have a live task under their Idempotency-Key'
    )
    expect(result.stderr).toMatch(/item 1 "again-1": task \S+ replayed/)
  })

  it('without --idempotency-key a re-run creates new tasks, as a single run does', async () => {
    const file = await writeBatch('fresh.json', JSON.stringify(jobs('fresh', 2)))
    const before = cli.sim.stats().creations
    await runBatch(['--batch', file, ...FAST])
    await runBatch(['--batch', file, ...FAST])
    expect(cli.sim.stats().creations - before).toBe(4)
  })

  it('--quiet leaves stderr empty', async () => {
    const file = await writeBatch('quiet.json', JSON.stringify(jobs('quiet', 2)))
    const result = await runBatch(['--batch', file, '--quiet', ...FAST])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(batchOf(result).envelope.ok).toBe(true)
  })
})

describe('--batch: invalid jobs', () => {
  const mixed = (): Job[] => [
    ...jobs('mixed', 2),
    {
      name: 'bad-fox',
      model: 't2v',
      payload: { prompt: 'a fox', aspectRatio: '16:9', duration: '6' }
    }
  ]

  it('refuses the batch (exit 2, nothing sent), naming the job by position and name', async () => {
    const file = await writeBatch('mixed.json', JSON.stringify(mixed()))
    const before = cli.sim.stats().totalRequests
    const result = await runBatch(['--batch', file, ...FAST])
    expect(result.code).toBe(2)
    const envelope = envelopeOf(result.stdout)
    // The core's batch envelope, as the action and the library return it.
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_PAYLOAD' })
    const data = envelope.data as { results: { name: string; errorCode: string }[] }
    expect(data.results.map(r => [r.name, r.errorCode])).toEqual([
      ['mixed-1', 'INVALID_INPUT'],
      ['mixed-2', 'INVALID_INPUT'],
      ['bad-fox', 'INVALID_PAYLOAD']
    ])
    expect(envelope.errorMessage).toContain('item 3 "bad-fox"')
    expect(envelope.errorMessage).toContain('duration')
    expect(envelope.errorMessage).toContain('--continue-on-invalid')
    expect(result.stderr).toContain('item 3 "bad-fox"')
    expect(cli.sim.stats().totalRequests).toBe(before)
  })

  it('--continue-on-invalid sends the valid jobs; the invalid one keeps its failure (exit 1)', async () => {
    const file = await writeBatch('mixed-continue.json', JSON.stringify(mixed()))
    const before = cli.sim.stats().creations
    const result = await runBatch(['--batch', file, '--continue-on-invalid', ...FAST])
    expect(result.code).toBe(1)
    const { envelope, totals, results } = batchOf(result)
    expect(envelope).toMatchObject({ ok: false, status: null, taskId: null })
    expect(envelope.errorCode).toBe('INVALID_PAYLOAD')
    expect(totals).toMatchObject({ items: 3, completed: 2, failed: 1 })
    expect(results.map(r => [r.name, r.ok, r.errorCode])).toEqual([
      ['mixed-1', true, null],
      ['mixed-2', true, null],
      ['bad-fox', false, 'INVALID_PAYLOAD']
    ])
    expect(results[2].taskId).toBeNull()
    expect(cli.sim.stats().creations - before).toBe(2)
  })
})

describe('--batch: a file refused as a whole', () => {
  it('names the batch file in its next steps, on stdout and stderr alike, and sends nothing', async () => {
    const job = { model: 't2v', payload: { prompt: 'a fox', aspectRatio: '16:9', duration: '5' } }
    const file = await writeBatch(
      'cased.json',
      JSON.stringify([
        { name: 'Clip', ...job },
        { name: 'clip', ...job }
      ])
    )
    const before = cli.sim.stats().totalRequests
    const result = await runBatch(['--batch', file])
    expect(result.code).toBe(2)
    const envelope = envelopeOf(result.stdout)
    expect(envelope.errorCode).toBe('INVALID_INPUT')
    expect(envelope.errorMessage).toMatch(
      /^Batch file cased\.json: item 2 "clip": name is already used by item 1 "Clip" .*Fix the flag, environment variable or batch file named above; nothing was sent\.$/
    )
    expect(result.stderr).toContain(envelope.errorMessage as string)
    expect(cli.sim.stats().totalRequests).toBe(before)
  })
})

describe('--batch: spending', () => {
  it('--max-total-credits too low: BUDGET_EXCEEDED, nothing created', async () => {
    const file = await writeBatch('budget.json', JSON.stringify(jobs('budget', 4)))
    const before = cli.sim.stats()
    const result = await runBatch(['--batch', file, '--max-total-credits', '50', ...FAST])
    expect(result.code).toBe(1)
    const { envelope, totals, results } = batchOf(result)
    expect(envelope.errorCode).toBe('BUDGET_EXCEEDED')
    expect(envelope.errorMessage).toContain('60 credits in total')
    expect(envelope.errorMessage).toContain('total credit cap of 50')
    // The next steps name the CLI's flags, never the action's inputs.
    expect(envelope.errorMessage).toContain('--max-total-credits')
    expect(envelope.errorMessage).toContain('aivideomaker --batch <file> --action quote')
    expect(envelope.errorMessage).not.toMatch(/(^|[^-])(max-total-credits|action quote)/)
    expect(totals).toMatchObject({ items: 4, completed: 0, failed: 4, creditsCharged: 0 })
    expect(results.every(r => r.errorCode === 'BUDGET_EXCEEDED' && r.taskId === null)).toBe(true)
    expect(results[0].errorMessage).toContain('item 1 "budget-1" was not sent')
    const after = cli.sim.stats()
    expect(after.creations).toBe(before.creations)
    expect(after.requests.create).toEqual(before.requests.create)
    expect(after.credits.charged).toBe(before.credits.charged)
  })

  it('--max-credits caps every job without its own cap, before anything is created', async () => {
    const file = await writeBatch('capped.json', JSON.stringify(jobs('capped', 2)))
    const before = cli.sim.stats().creations
    const result = await runBatch(['--batch', file, '--max-credits', '10', ...FAST])
    expect(result.code).toBe(1)
    const { envelope } = batchOf(result)
    expect(envelope.errorCode).toBe('BUDGET_EXCEEDED')
    expect(envelope.errorMessage).toContain(
      '"capped-1" (t2v) costs 15 credits, above its max-credits of 10'
    )
    expect(cli.sim.stats().creations).toBe(before)
  })

  it('a balance too low for the batch: INSUFFICIENT_CREDITS with the numbers, nothing created', async () => {
    const file = await writeBatch('poor.json', JSON.stringify(jobs('poor', 3)))
    const before = poorSim.stats()
    const result = await runBatch(['--batch', file, ...FAST], poorSim)
    expect(result.code).toBe(1)
    const { envelope, results } = batchOf(result)
    expect(envelope.errorCode).toBe('INSUFFICIENT_CREDITS')
    expect(envelope.errorMessage).toContain('needs 45 credits, balance is 30')
    expect(results.every(r => r.errorCode === 'INSUFFICIENT_CREDITS')).toBe(true)
    const after = poorSim.stats()
    expect(after.creations).toBe(before.creations)
    expect(after.requests.create).toBeUndefined()
  })
})

describe('--batch: usage errors (exit 2, nothing sent)', () => {
  async function expectUsageError(args: string[], message: string, stdin?: string): Promise<void> {
    const before = cli.sim.stats().totalRequests
    const result = await runBatch(args, cli.sim, stdin)
    expect(result.code).toBe(2)
    const envelope = envelopeOf(result.stdout)
    expect(envelope.ok).toBe(false)
    expect(envelope.errorMessage).toContain(message)
    expect(result.stderr).toContain(message)
    expect(cli.sim.stats().totalRequests).toBe(before)
  }

  it('refuses --batch with --model, --payload or --taskId', async () => {
    const file = await writeBatch('conflict.json', JSON.stringify(jobs('conflict', 1)))
    await expectUsageError(['--batch', file, '--model', 't2v'], '--batch does not go with --model')
    await expectUsageError(
      ['--batch', file, '--payload', '{}'],
      '--batch does not go with --payload'
    )
    await expectUsageError(
      ['--batch', file, '--taskId', 'ck123'],
      '--batch does not go with --taskId'
    )
  })

  it('refuses batch-only flags without --batch, and --batch with another action', async () => {
    await expectUsageError(
      ['--model', 't2v', '--concurrency', '2'],
      '--concurrency applies to --batch'
    )
    await expectUsageError(
      ['--action', 'getTask', '--batch', 'x.json'],
      '--batch does not apply to --action getTask'
    )
  })

  it('refuses a --concurrency outside 1..20', async () => {
    const file = await writeBatch('conc.json', JSON.stringify(jobs('conc', 1)))
    await expectUsageError(['--batch', file, '--concurrency', '0'], 'from 1 to 20')
    await expectUsageError(['--batch', file, '--concurrency', '21'], 'from 1 to 20')
  })

  it('refuses a missing, malformed or empty batch file', async () => {
    await expectUsageError(['--batch', 'missing.json'], 'cannot read the file (no such file)')
    const broken = await writeBatch('broken.json', '[{"name": "a", ')
    await expectUsageError(['--batch', broken], 'is not valid JSON')
    const typo = await writeBatch(
      'typo.yml',
      "- name: a\n  model: t2v\n  paylod: { prompt: x, aspectRatio: '16:9', duration: '5' }\n"
    )
    await expectUsageError(['--batch', typo], 'unknown field "paylod"')
    await expectUsageError(['--batch', '-'], 'Batch file standard input', '')
  })

  it('refuses --download naming a file', async () => {
    const file = await writeBatch('dl.json', JSON.stringify(jobs('dl', 1)))
    await expectUsageError(['--batch', file, '--download', file], 'names a directory')
  })
})

describe('--batch: the deadline', () => {
  it('ends jobs still running at --wait-timeout with TIMEOUT, task ids kept, and says how to resume', async () => {
    const file = await writeBatch('late.json', JSON.stringify(jobs('late', 2)))
    const result = await runScript(
      ['--batch', file, '--wait-timeout', '1s', '--idempotency-key', 'auto', ...FAST],
      { env: envFor(slowSim), cwd: cli.workDir }
    )
    expect(result.code).toBe(1)
    const { envelope, results } = batchOf(result)
    expect(envelope.errorCode).toBe('TIMEOUT')
    expect(envelope.errorMessage).toContain('2 TIMEOUT (late-1, late-2)')
    for (const item of results) {
      expect(item).toMatchObject({ ok: false, status: 'SUBMITTED', errorCode: 'TIMEOUT' })
      expect(item.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    }
    expect(result.stderr).toContain('2 tasks were still running at the deadline')
    expect(result.stderr).toContain('run the same command again')
  })
})

describe('--batch: Ctrl-C', () => {
  it('cancels every job still SUBMITTED (refunded), prints the envelope, exit 1', async () => {
    const file = await writeBatch('slow.json', JSON.stringify(jobs('slow', 3)))
    const before = slowSim.stats()
    const running = startScript(['--batch', file, ...FAST], {
      env: envFor(slowSim),
      cwd: cli.workDir
    })
    await running.waitForStderr(/item 3 "slow-3": task \S+ created/)
    await running.waitForStderr(/batch: 0\/3 done/)
    running.child.kill('SIGINT')
    const result = await running.done
    expect(result.code).toBe(1)
    const { envelope, totals, results } = batchOf(result)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'ABORTED' })
    expect(envelope.errorMessage).toContain('3 SUBMITTED tasks cancelled')
    expect(results.map(r => [r.name, r.status, r.errorCode])).toEqual([
      ['slow-1', 'CANCEL', 'TASK_CANCELLED'],
      ['slow-2', 'CANCEL', 'TASK_CANCELLED'],
      ['slow-3', 'CANCEL', 'TASK_CANCELLED']
    ])
    expect(totals).toMatchObject({ failed: 3, creditsCharged: 45, creditsRefunded: 45 })
    expect(result.stderr).toContain('claiming 3 tasks that may still be SUBMITTED')
    for (const item of results) {
      expect(result.stderr).toContain(`Cancelled task ${item.taskId}, which was still SUBMITTED`)
      expect(item.data).toMatchObject({ creditsRefunded: 15 })
    }
    const after = slowSim.stats()
    expect(after.credits.refunded - before.credits.refunded).toBe(45)
    for (const item of results) {
      expect(after.tasks.find(task => task.id === item.taskId)?.status).toBe('CANCEL')
    }
  })
})

describe('--batch on a terminal', () => {
  it('keeps the batch progress on one live line and pretty-prints the envelope', async () => {
    const file = await writeBatch('tty.json', JSON.stringify(jobs('tty', 2)))
    const { code, stdout, stderr } = await runCliOnTerminal(['--batch', file, ...FAST], {
      env: cli.env,
      cwd: cli.workDir
    })
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\{\n {2}"ok": true,\n/)
    expect(stderr).toContain('\r\x1b[2K')
    expect(stderr).toMatch(/\r.{4}\S+ batch: \d\/2 done, 0 failed, next poll in/)
    expect(stderr).toContain('batch: all 2 jobs COMPLETED')
  })
})

describe('--help', () => {
  it('documents batch mode with an example', async () => {
    const result = await runScript(['--help'], { env: {} })
    expect(result.code).toBe(0)
    for (const word of [
      '--batch <file|->',
      '--concurrency <n>',
      '--continue-on-invalid',
      '--max-total-credits <n>',
      '<dir>/<name>.mp4',
      'aivideomaker --batch videos/nightly.yml'
    ]) {
      expect(result.stdout).toContain(word)
    }
  })
})

describe('secrets', () => {})
