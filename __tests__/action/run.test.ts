import { describe, expect, it } from '@jest/globals'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { ENVELOPE_KEYS } from '../../src/core/api/envelope.js'
import { E2E_KEY, T2V_PAYLOAD, envelopeOf, simInputs } from '../../__fixtures__/runner.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 200, totalMs: 600 } })

describe('run', () => {
  it('creates, waits and fetches: every output, the state and the summary', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url) })

    expect(result.code).toBe(0)
    const { outputs } = result
    expect(outputs.ok).toBe('true')
    expect(outputs.status).toBe('COMPLETED')
    expect(outputs.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(outputs.errorCode).toBe('')
    expect(outputs.errorMessage).toBe('')
    expect(outputs.retryAfter).toBe('')
    expect(outputs.videoUrl).toMatch(new RegExp(`^${s.url}/`))
    expect(outputs.videoPath).toBe('')
    const envelope = envelopeOf(result)
    expect(Object.keys(envelope).sort()).toEqual([...ENVELOPE_KEYS].sort())
    expect(envelope.taskId).toBe(outputs.taskId)
    const data = JSON.parse(outputs.data) as { creditsCharged: number; videoUrl: string }
    expect(data.creditsCharged).toBe(15)
    expect(data.videoUrl).toBe(outputs.videoUrl)

    expect(result.state).toMatchObject({
      taskId: outputs.taskId,
      baseUrl: s.url,
      model: 't2v',
      finished: 'true'
    })
    expect(result.summary).toContain('AIVideoMaker run')
    expect(result.summary).toContain(outputs.taskId)
    expect(result.summary).toContain('Credits charged')
    expect(result.summary).toContain(`<a href="${outputs.videoUrl}">`)
    expect(result.summary).toContain('24 hours')
    expect(result.stdout).toMatch(/Task \S+: COMPLETED — .* elapsed/)
    expect(s.stats().creations).toBe(1)
  })

  it('masks the key before anything else and never prints or outputs it', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url) })

    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe(`::add-mask::${E2E_KEY}`)
    const elsewhere = [
      lines.slice(1).join('\n'),
      result.stderr,
      JSON.stringify(result.outputs),
      result.summary
    ]
    for (const text of elsewhere) expect(text).not.toContain(E2E_KEY)
  })

  it('logs a note when the duration is coerced, and lists it in the summary', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, duration: 5 })
    const result = await main({ inputs: simInputs(s.url, { payload }) })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toContain('Note: payload.duration was the number 5')
    expect(result.summary).toContain('payload.duration was the number 5')
  })

  it('downloads the video into the workspace and sets videoPath', async () => {
    const s = await start({ videoBytes: 64 * 1024 })
    const result = await main({ inputs: simInputs(s.url, { download: 'out/fox.mp4' }) })

    expect(result.outputs.ok).toBe('true')
    const path = join(result.workspace, 'out', 'fox.mp4')
    expect(result.outputs.videoPath).toBe(path)
    const served = Buffer.from(await (await fetch(result.outputs.videoUrl)).arrayBuffer())
    expect((await stat(path)).size).toBe(served.length)
    expect((await readFile(path)).equals(served)).toBe(true)
    expect(result.summary).toContain('Downloaded to')
  })

  it('fails the step on a FAILED task, with the task id and next steps', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a fox [sim:fail]' })
    const result = await main({ inputs: simInputs(s.url, { payload }) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      status: 'FAILED',
      errorCode: 'TASK_FAILED'
    })
    expect(result.outputs.taskId).not.toBe('')
    expect(result.stdout).toMatch(/::error::Task \S+ FAILED/)
    expect(result.summary).toContain('TASK_FAILED')
    expect(result.summary).toContain('Next steps')
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('says the next steps of a TIMEOUT once in the job summary, in the words of the action', async () => {
    const s = await start({ durationsMs: { submittedMs: 60_000, totalMs: 70_000 } })
    const result = await main({ inputs: simInputs(s.url, { 'wait-timeout': '300ms' }) })

    expect(result.outputs.errorCode).toBe('TIMEOUT')
    const taskId = result.outputs.taskId
    expect(result.summary.match(/may still finish/g)).toHaveLength(1)
    expect(result.summary).toContain(`task-id: ${taskId}`)
    expect(result.summary).not.toContain('run({ taskId })')
    expect(result.outputs.errorMessage.match(/may still finish/g)).toHaveLength(1)
  })

  it('keeps the step green with fail-on-error false', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a fox [sim:fail]' })
    const result = await main({ inputs: simInputs(s.url, { payload, 'fail-on-error': 'false' }) })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'TASK_FAILED' })
    expect(result.stdout).toContain('::warning')
    expect(result.stdout).not.toContain('::error::')
  })

  it('stops at wait-timeout with TIMEOUT, keeping the task id and status for a resume', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const result = await main({ inputs: simInputs(s.url, { 'wait-timeout': '1s' }) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', status: 'SUBMITTED', errorCode: 'TIMEOUT' })
    expect(result.outputs.taskId).not.toBe('')
    expect(result.outputs.errorMessage).toContain('resume')
    // A step that ended on its own leaves its task to the user: the post step will not cancel it.
    expect(result.state.finished).toBe('true')
  })

  it('resumes waiting for an existing task given task-id', async () => {
    const s = await start()
    const created = await main({ inputs: simInputs(s.url, { action: 'createGeneration' }) })
    const resumed = await main({
      inputs: {
        'api-key': E2E_KEY,
        'base-url': s.url,
        'poll-interval': '100ms',
        'task-id': created.outputs.taskId
      }
    })

    expect(resumed.outputs).toMatchObject({
      ok: 'true',
      status: 'COMPLETED',
      taskId: created.outputs.taskId
    })
    expect(resumed.stdout).toContain(`Resuming task ${created.outputs.taskId}`)
    expect(s.stats().creations).toBe(1)
  })

  it('re-run of the same step (new run attempt) replays the task instead of paying twice', async () => {
    const s = await start()
    const env = { GITHUB_RUN_ID: '987654321', GITHUB_RUN_ATTEMPT: '1' }
    const first = await main({ inputs: simInputs(s.url), env })
    const second = await main({
      inputs: simInputs(s.url),
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(first.outputs.ok).toBe('true')
    expect(second.outputs.ok).toBe('true')
    expect(second.outputs.taskId).toBe(first.outputs.taskId)
    expect(JSON.parse(second.outputs.data)).toMatchObject({ idempotentReplay: true })
    expect(second.summary).toContain('Idempotent replay')
    const stats = s.stats()
    expect(stats.creations).toBe(1)
    expect(stats.credits.charged).toBe(15)
  })

  it('a different run id derives a different key and creates a new task', async () => {
    const s = await start()
    await main({ inputs: simInputs(s.url), env: { GITHUB_RUN_ID: '111' } })
    await main({ inputs: simInputs(s.url), env: { GITHUB_RUN_ID: '222' } })

    expect(s.stats().creations).toBe(2)
  })
})
