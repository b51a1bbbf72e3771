import { describe, expect, it } from '@jest/globals'
import {
  API_KEY,
  BIN,
  T2V_PAYLOAD,
  checkRunsForTheKey,
  envelopeOf,
  runScript,
  useCliSimulator,
  useCliHarness,
  type ScriptResult
} from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 300, totalMs: 800 },
  key: { balance: 1000 },
  workDirPrefix: 'aivideomaker-cli-seed-'
})
/** Tasks stay SUBMITTED, so a cancel in another process never races the lifecycle. */
const slowSim = useCliSimulator({ submittedMs: 30_000, totalMs: 60_000 }, { balance: 1000 })

const FAST = ['--poll-interval', '100ms']

function createTask(taskEnv = cli.env): Promise<ScriptResult> {
  return runScript(
    ['--action', 'createGeneration', '--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD)],
    { env: taskEnv }
  )
}

checkRunsForTheKey()

describe('the seed command: --model --payload (full workflow)', () => {
  it('creates, waits, fetches and prints one COMPLETED envelope, exit 0', async () => {
    const before = cli.sim.stats().creations
    const result = await runScript(
      ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), ...FAST],
      {
        env: cli.env
      }
    )
    const envelope = envelopeOf(result.stdout)
    expect(result.code).toBe(0)
    expect(envelope).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      errorCode: null,
      errorMessage: null
    })
    expect(envelope.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(envelope.data).toMatchObject({
      model: 't2v',
      taskId: envelope.taskId,
      videoUrl: `${cli.sim.url}/files/${envelope.taskId}.mp4`,
      creditsCharged: 15
    })
    expect(cli.sim.stats().creations).toBe(before + 1)
    expect(result.stderr).toContain(`created task ${envelope.taskId} (SUBMITTED)`)
    expect(result.stderr).toMatch(/is COMPLETED after/)
  })

  it('resumes waiting with --taskId after a TIMEOUT instead of creating again', async () => {
    const first = await runScript(
      [
        '--model',
        't2v',
        '--payload',
        JSON.stringify(T2V_PAYLOAD),
        '--wait-timeout',
        '150ms',
        ...FAST
      ],
      { env: cli.env }
    )
    const timedOut = envelopeOf(first.stdout)
    expect(first.code).toBe(1)
    expect(timedOut).toMatchObject({ ok: false, errorCode: 'TIMEOUT' })
    expect(timedOut.taskId).not.toBeNull()
    const creations = cli.sim.stats().creations
    const resumed = await runScript(['--taskId', timedOut.taskId as string, ...FAST], {
      env: cli.env
    })
    expect(resumed.code).toBe(0)
    expect(envelopeOf(resumed.stdout)).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      taskId: timedOut.taskId
    })
    expect(cli.sim.stats().creations).toBe(creations)
  })
})

describe('the seed commands: --action getStatus | getTask | cancelTask --taskId', () => {
  it('getStatus prints the task status', async () => {
    const created = envelopeOf((await createTask()).stdout)
    const result = await runScript(
      ['--action', 'getStatus', '--taskId', created.taskId as string],
      { env: cli.env }
    )
    expect(result.code).toBe(0)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({
      ok: true,
      taskId: created.taskId,
      data: { status: envelope.status }
    })
    expect(['SUBMITTED', 'PROGRESS', 'COMPLETED']).toContain(envelope.status)
  })

  it('getTask prints the task detail with its input', async () => {
    const created = envelopeOf((await createTask()).stdout)
    const result = await runScript(['--action', 'getTask', '--taskId', created.taskId as string], {
      env: cli.env
    })
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: true,
      taskId: created.taskId,
      data: { id: created.taskId, model: 't2v', input: T2V_PAYLOAD }
    })
  })

  it('cancelTask cancels a SUBMITTED task and the service refunds it', async () => {
    const slowEnv = { ...cli.env, AIVIDEO_BASE_URL: slowSim.url }
    const created = envelopeOf((await createTask(slowEnv)).stdout)
    const refunded = slowSim.stats().credits.refunded
    const result = await runScript(
      ['--action', 'cancelTask', '--taskId', created.taskId as string],
      {
        env: slowEnv
      }
    )
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: true,
      status: 'CANCEL',
      taskId: created.taskId
    })
    expect(slowSim.stats().credits.refunded).toBe(refunded + 15)
  })

  it('cancelTask on a finished task exits 1 with TASK_NOT_CANCELLABLE and its status', async () => {
    const done = envelopeOf(
      (
        await runScript(['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), ...FAST], {
          env: cli.env
        })
      ).stdout
    )
    const result = await runScript(['--action', 'cancelTask', '--taskId', done.taskId as string], {
      env: cli.env
    })
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: false,
      status: 'COMPLETED',
      errorCode: 'TASK_NOT_CANCELLABLE'
    })
  })

  it('accepts --task-id as well as --taskId', async () => {
    const created = envelopeOf((await createTask()).stdout)
    const result = await runScript(
      ['--action', 'getStatus', '--task-id', created.taskId as string],
      { env: cli.env }
    )
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, taskId: created.taskId })
  })

  it('getStatus of an unknown task exits 1 with TASK_NOT_FOUND', async () => {
    const result = await runScript(['--action', 'getStatus', '--taskId', 'ckdoesnotexist000'], {
      env: cli.env
    })
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: false, errorCode: 'TASK_NOT_FOUND' })
  })
})

describe('the other actions', () => {
  it('createGeneration returns at once with the new task', async () => {
    const result = await createTask()
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: true,
      status: 'SUBMITTED',
      data: { status: 'SUBMITTED', creditsCharged: 15 }
    })
  })

  it('listTasks lists the key’s tasks', async () => {
    const created = envelopeOf((await createTask()).stdout)
    const result = await runScript(['--action', 'listTasks'], { env: cli.env })
    expect(result.code).toBe(0)
    const tasks = (envelopeOf(result.stdout).data as { tasks: { id: string }[] }).tasks
    expect(tasks.map(task => task.id)).toContain(created.taskId)
  })

  it('account shows the balance and the supported models', async () => {
    const result = await runScript(['--action', 'account'], { env: cli.env })
    expect(result.code).toBe(0)
    const data = envelopeOf(result.stdout).data as {
      currentBalance: number
      supportedModels: string[]
    }
    expect(data.supportedModels).toContain('t2v')
    expect(typeof data.currentBalance).toBe('number')
  })

  it('quote prices a request and creates nothing', async () => {
    const creations = cli.sim.stats().creations
    const result = await runScript(
      ['--action', 'quote', '--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD)],
      { env: cli.env }
    )
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: true,
      data: { model: 't2v', credits: 15 }
    })
    expect(cli.sim.stats().creations).toBe(creations)
  })

  it('a refused create exits 1 with the upstream code (INSUFFICIENT_CREDITS)', async () => {
    const poorKey = 'sk-cli-test-poor-9b1e44d0c2'
    cli.sim.setBalance(poorKey, 5)
    const result = await runScript(['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD)], {
      env: { ...cli.env, AIVIDEO_API_KEY: poorKey }
    })
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: false,
      taskId: null,
      errorCode: 'INSUFFICIENT_CREDITS'
    })
    expect(result.stdout + result.stderr).not.toContain(poorKey)
  })

  it('bin/aivideomaker.mjs is the same CLI (npx aivideomaker)', async () => {
    const result = await runScript(['--action', 'account'], { env: cli.env, script: BIN })
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout).ok).toBe(true)
  })
})

describe('secrets', () => {
  it('never prints the API key, even when the service echoes it back', async () => {
    const payload = { ...T2V_PAYLOAD, prompt: `a fox named ${API_KEY}` }
    const result = await runScript(
      ['--model', 't2v', '--payload', JSON.stringify(payload), ...FAST],
      { env: cli.env }
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('a fox named ***')
  })
})
