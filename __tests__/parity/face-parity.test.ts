import { beforeAll, describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import {
  E2E_KEY,
  T2V_PAYLOAD,
  envelopeOf as actionEnvelope,
  simInputs
} from '../../__fixtures__/runner.js'
import type { Simulator } from '../../src/sim/index.js'
import type { Envelope } from '../../src/core/api/envelope.js'
import { adviceText, type AdviceWords } from '../../src/core/api/advice.js'
import { ACTION_ADVICE } from '../../src/action/advice-words.js'
import { CLI_ADVICE } from '../../src/cli/advice-words.js'
import { buildCli, envelopeOf as cliEnvelope, runScript } from '../cli/cli-process.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 200, totalMs: 500 } })

beforeAll(async () => {
  await buildCli()
})

/** One case, said once and run through both faces: action inputs and CLI flags say the same. */
interface FaceCase {
  name: string
  /** Simulator overrides for this case (e.g. tasks that outlast the wait). */
  durationsMs?: { submittedMs: number; totalMs: number }
  payload?: unknown
  waitTimeout?: string
  maxCredits?: string
  /** Run once before, with the same key: the measured run is a re-run attempt. */
  rerun?: boolean
  /** Resume the task a first run finished, by its id. */
  resumeFinished?: boolean
  expected: { ok: boolean; errorCode: string | null; status: string | null }
}

const CASES: FaceCase[] = [
  { name: 'plain run ok', expected: { ok: true, errorCode: null, status: 'COMPLETED' } },
  {
    name: 'invalid payload',
    payload: { prompt: 'a red fox', duration: '5' },
    expected: { ok: false, errorCode: 'INVALID_PAYLOAD', status: null }
  },
  {
    name: 'max-credits over budget, refused by the quote before any create',
    maxCredits: '5',
    expected: { ok: false, errorCode: 'BUDGET_EXCEEDED', status: null }
  },
  {
    name: 'a re-run attempt resumes the finished task',
    rerun: true,
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'timeout keeps the task id and status',
    durationsMs: { submittedMs: 60_000, totalMs: 70_000 },
    waitTimeout: '500ms',
    expected: { ok: false, errorCode: 'TIMEOUT', status: 'SUBMITTED' }
  },
  {
    name: 'resume of a finished task',
    resumeFinished: true,
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  }
]

type Face = (sim: Simulator, c: FaceCase, taskId?: string) => Promise<Record<string, unknown>>

const GITHUB_RUN = { GITHUB_RUN_ID: '8080', GITHUB_REPOSITORY: 'o/parity', GITHUB_ACTION: 'video' }

const throughAction: Face = async (sim, c, taskId) => {
  const inputs = simInputs(sim.url, {
    ...(c.payload === undefined ? {} : { payload: JSON.stringify(c.payload) }),
    ...(c.waitTimeout === undefined ? {} : { 'wait-timeout': c.waitTimeout }),
    ...(c.maxCredits === undefined ? {} : { 'max-credits': c.maxCredits }),
    ...(taskId === undefined ? {} : { 'task-id': taskId, model: '', payload: '' })
  })
  const attempt = (n: number) =>
    main({ inputs, env: { ...GITHUB_RUN, GITHUB_RUN_ATTEMPT: String(n) } })
  if (c.rerun) await attempt(1)
  return actionEnvelope(await attempt(c.rerun ? 2 : 1))
}

const throughCli: Face = async (sim, c, taskId) => {
  const args =
    taskId === undefined
      ? ['--model', 't2v', '--payload', JSON.stringify(c.payload ?? T2V_PAYLOAD)]
      : ['--taskId', taskId]
  args.push('--poll-interval', '100ms')
  if (c.waitTimeout !== undefined) args.push('--wait-timeout', c.waitTimeout)
  if (c.maxCredits !== undefined) args.push('--max-credits', c.maxCredits)
  if (c.rerun) args.push('--idempotency-key', 'auto')
  const env = { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: sim.url }
  if (c.rerun) await runScript(args, { env })
  return cliEnvelope((await runScript(args, { env })).stdout) as unknown as Record<string, unknown>
}

/** What may differ between two runs of one case: ids, times (and elapsed times in messages), keys, the simulator's address. */
function normalise(value: unknown, sim: Simulator, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    return value
      .split(sim.url)
      .join('<sim>')
      .replace(/after \d+(\.\d+)?(ms|s|m|h)\b/g, 'after <elapsed>')
      .replace(/ck[a-z0-9]{20,}/g, id => {
        if (!ids.has(id)) ids.set(id, `<task ${ids.size + 1}>`)
        return ids.get(id) as string
      })
  }
  if (Array.isArray(value)) return value.map(item => normalise(item, sim, ids))
  if (typeof value !== 'object' || value === null) return value
  const TIMES = ['createdAt', 'completedAt', 'startedAt', 'finishedAt', 'elapsedMs', 'polls']
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      TIMES.includes(key)
        ? '<time>'
        : key === 'idempotencyKey'
          ? '<key>'
          : normalise(item, sim, ids)
    ])
  )
}

/** The envelope with the face's own next steps (which must be there) replaced by `<advice>`. */
function withoutAdvice(value: Record<string, unknown>, words: AdviceWords): Record<string, unknown> {
  const envelope = value as unknown as Envelope<unknown>
  const { errorCode, errorMessage, taskId } = envelope
  if (errorCode === null || errorMessage === null) return value
  const advice = adviceText(errorCode, words, taskId)
  const short = advice.slice(/^[^.]*\.\s*/.exec(advice)?.[0].length ?? 0)
  const tail = errorMessage.endsWith(advice) ? advice : short
  expect([words === CLI_ADVICE ? 'cli' : 'action', errorMessage.endsWith(tail)]).toEqual([
    words === CLI_ADVICE ? 'cli' : 'action',
    true
  ])
  return { ...envelope, errorMessage: errorMessage.slice(0, -tail.length) + '<advice>' }
}

describe('both faces give the same envelope', () => {
  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const sim = await start(c.durationsMs === undefined ? {} : { durationsMs: c.durationsMs })
    const finished = c.resumeFinished
      ? (await throughCli(sim, { ...c, resumeFinished: false })).taskId
      : undefined
    const taskId = typeof finished === 'string' ? finished : undefined
    const [action, cli] = [await throughAction(sim, c, taskId), await throughCli(sim, c, taskId)]

    expect(action).toMatchObject(c.expected)
    // The one allowed difference: each face's advice names its own inputs or flags.
    expect(normalise(withoutAdvice(cli, CLI_ADVICE), sim, new Map())).toEqual(
      normalise(withoutAdvice(action, ACTION_ADVICE), sim, new Map())
    )
  })
})
