import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { MODEL_NAMES } from '../../src/core/validation/models.js'
import type { Simulator } from '../../src/sim/index.js'
import { API_KEY, T2V_PAYLOAD, useCliSimulator } from '../cli/cli-process.js'
import { buildMcpServer, startMcpSession, type McpSession } from './mcp-client.js'

/** Tasks finish quickly. */
const quick = useCliSimulator({ submittedMs: 150, totalMs: 400 })
/** Tasks stay SUBMITTED long enough to be cancelled there. */
const slowSubmit = useCliSimulator({ submittedMs: 60_000, totalMs: 70_000 })
let sessions: McpSession[] = []

beforeAll(buildMcpServer)

afterEach(async () => {
  for (const session of sessions) await session.close()
  // Nothing any call returned, logged or reported carries the key.
  for (const session of sessions) {
    expect(session.logs.join('\n')).not.toContain(API_KEY)
    expect(session.stderr()).not.toContain(API_KEY)
  }
  sessions = []
})

async function connect(sim: Simulator): Promise<McpSession> {
  const session = await startMcpSession({ AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url })
  sessions.push(session)
  return session
}

/** The envelope of a result: its structured content, which must equal its JSON text. */
function envelopeOf(result: CallToolResult): Record<string, unknown> {
  const text = result.content.filter(part => part.type === 'text').at(-1)
  expect(text?.type).toBe('text')
  const parsed = JSON.parse(text?.type === 'text' ? text.text : 'null') as Record<string, unknown>
  expect(result.structuredContent).toEqual(parsed)
  expect(JSON.stringify(result)).not.toContain(API_KEY)
  return parsed
}

describe('aivideomaker mcp', () => {
  it('lists the tools, with JSON Schema inputs from the model schemas and no key argument', async () => {
    const { client } = await connect(quick)
    const { tools } = await client.listTools()
    expect(tools.map(tool => tool.name)).toEqual([
      'generate_video',
      'run_batch',
      'quote',
      'get_status',
      'get_task',
      'cancel_task',
      'account'
    ])
    const generate = tools[0].inputSchema.properties as Record<string, Record<string, unknown>>
    expect((generate.model.enum as string[]).slice().sort()).toEqual([...MODEL_NAMES].sort())
    expect((generate.payload.anyOf as { title: string }[]).map(s => s.title)).toEqual([
      ...MODEL_NAMES
    ])
    for (const option of [
      'wait_timeout',
      'poll_interval',
      'max_credits',
      'idempotency_key',
      'download'
    ]) {
      expect(Object.keys(generate)).toContain(option)
    }
    const batch = tools[1].inputSchema as {
      properties: Record<string, unknown>
      required: string[]
    }
    expect(batch.required).toEqual(['jobs'])
    expect(Object.keys(batch.properties)).toEqual(
      expect.arrayContaining(['max_total_credits', 'concurrency', 'shard'])
    )
    // The only key a tool takes is the Idempotency-Key; the API key is the server's env.
    for (const tool of tools) {
      const names = Object.keys(tool.inputSchema.properties ?? {})
      expect(names.filter(name => /key|api|secret|token/i.test(name))).toEqual(
        names.includes('idempotency_key') ? ['idempotency_key'] : []
      )
    }
  })

  it('generate_video runs to COMPLETED, with progress notifications during the wait', async () => {
    const { client } = await connect(quick)
    const progress: { progress: number; message?: string }[] = []
    const result = (await client.callTool(
      {
        name: 'generate_video',
        arguments: { model: 't2v', payload: T2V_PAYLOAD, poll_interval: '100ms' }
      },
      undefined,
      { onprogress: update => progress.push(update) }
    )) as CallToolResult
    expect(result.isError).toBeFalsy()
    const envelope = envelopeOf(result)
    expect(envelope).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    expect(envelope.data).toMatchObject({ taskId: envelope.taskId, videoUrl: expect.any(String) })
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.map(p => p.progress)).toEqual(progress.map((_, i) => i + 1))
    expect(progress.at(-1)?.message).toContain(`task ${String(envelope.taskId)} is COMPLETED`)
    expect(quick.stats().tasks.find(task => task.id === envelope.taskId)?.status).toBe('COMPLETED')
  })

  it('a bad payload is a tool error with its code and advice, and nothing is sent', async () => {
    const { client } = await connect(quick)
    const before = quick.stats().totalRequests
    const result = (await client.callTool({
      name: 'generate_video',
      arguments: { model: 't2v', payload: { prompt: 'a red fox', duration: '5' } }
    })) as CallToolResult
    expect(result.isError).toBe(true)
    const envelope = envelopeOf(result)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_PAYLOAD', taskId: null })
    expect(envelope.errorMessage).toMatch(/aspectRatio/)
    const first = result.content[0]
    expect(first.type === 'text' && first.text.startsWith('INVALID_PAYLOAD: ')).toBe(true)
    expect(quick.stats().totalRequests).toBe(before)
  })

  it('an argument the tool does not take is refused in argument names, nothing sent', async () => {
    const { client } = await connect(quick)
    const before = quick.stats().totalRequests
    const result = (await client.callTool({
      name: 'get_status',
      arguments: { task_id: 'ck123', api_key: 'sk-typed-into-the-chat' }
    })) as CallToolResult
    const envelope = envelopeOf(result)
    expect(result.isError).toBe(true)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    expect(envelope.errorMessage).toContain('get_status takes no argument "api_key"')
    expect(envelope.errorMessage).not.toContain('--')
    expect(quick.stats().totalRequests).toBe(before)
  })

  it('a poll_interval longer than wait_timeout is refused in argument words, nothing sent', async () => {
    const { client } = await connect(quick)
    const before = quick.stats().totalRequests
    const result = (await client.callTool({
      name: 'generate_video',
      arguments: { model: 't2v', payload: T2V_PAYLOAD, wait_timeout: '5s', poll_interval: '1m' }
    })) as CallToolResult
    const envelope = envelopeOf(result)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', taskId: null })
    expect(envelope.errorMessage).toMatch(
      /^poll_interval \(60s\) is longer than wait_timeout \(5s\): .*Fix the argument named above/
    )
    expect(envelope.errorMessage).not.toMatch(/--|option named above/)
    expect(quick.stats().totalRequests).toBe(before)
  })

  it('without AIVIDEO_API_KEY a call is AUTH_FAILED, sends nothing, and asks for the key outside the chat', async () => {
    const session = await startMcpSession({ AIVIDEO_BASE_URL: quick.url })
    sessions.push(session)
    const before = quick.stats().totalRequests
    const result = (await session.client.callTool({
      name: 'get_status',
      arguments: { task_id: 'ck123' }
    })) as CallToolResult
    expect(result.isError).toBe(true)
    const envelope = envelopeOf(result)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED' })
    expect(envelope.errorMessage).toContain("The server's AIVIDEO_API_KEY")
    expect(envelope.errorMessage).toContain('never ask for the key in the conversation')
    expect(quick.stats().totalRequests).toBe(before)
  })

  it('an unknown tool is a tool error naming the tools', async () => {
    const { client } = await connect(quick)
    const result = (await client.callTool({ name: 'make_video', arguments: {} })) as CallToolResult
    expect(result.isError).toBe(true)
    expect(envelopeOf(result)).toMatchObject({
      ok: false,
      errorCode: 'INVALID_INPUT',
      errorMessage: expect.stringMatching(/no tool "make_video".*generate_video.*Fix the argument/)
    })
  })

  it('cancelling the call during the wait cancels the SUBMITTED task (refunded)', async () => {
    const session = await connect(slowSubmit)
    const refunded = slowSubmit.stats().credits.refunded
    const abort = new AbortController()
    let taskId: string | undefined
    const call = session.client.callTool(
      {
        name: 'generate_video',
        arguments: { model: 't2v', payload: T2V_PAYLOAD, poll_interval: '100ms' }
      },
      undefined,
      {
        signal: abort.signal,
        onprogress: update => {
          taskId ??= /task (\S+) is SUBMITTED/.exec(update.message ?? '')?.[1]
          if (taskId !== undefined) abort.abort('the user changed their mind')
        }
      }
    )
    await expect(call).rejects.toThrow()
    await session.waitForLog(/generate_video was cancelled: TASK_CANCELLED/)
    expect(taskId).toBeDefined()
    // The core's one settlement report (settlement-report.ts), as after Ctrl-C in the CLI.
    expect(session.logs.join('\n')).toContain(
      `Cancelled task ${taskId}, which was still SUBMITTED when the run was interrupted; 15 credits refunded`
    )
    const stats = slowSubmit.stats()
    expect(stats.tasks.find(task => task.id === taskId)?.status).toBe('CANCEL')
    expect(stats.credits.refunded).toBe(refunded + 15)
  })

  it('a client that goes away during a wait leaves no SUBMITTED task behind', async () => {
    const session = await connect(slowSubmit)
    let taskId: string | undefined
    const submitted = new Promise<void>(resolve => {
      void session.client
        .callTool(
          {
            name: 'generate_video',
            arguments: { model: 't2v', payload: T2V_PAYLOAD, poll_interval: '100ms' }
          },
          undefined,
          {
            onprogress: update => {
              taskId ??= /task (\S+) is SUBMITTED/.exec(update.message ?? '')?.[1]
              if (taskId !== undefined) resolve()
            }
          }
        )
        .catch(() => undefined)
    })
    await submitted
    // Ends the server's stdin, then waits for the server process to exit.
    await session.close()
    expect(slowSubmit.stats().tasks.find(task => task.id === taskId)?.status).toBe('CANCEL')
  })

  it('get_status, get_task, quote and account answer as envelopes', async () => {
    const { client } = await connect(quick)
    const call = async (name: string, args: Record<string, unknown>) =>
      envelopeOf((await client.callTool({ name, arguments: args })) as CallToolResult)
    const done = await call('generate_video', {
      model: 't2v',
      payload: T2V_PAYLOAD,
      poll_interval: '100ms'
    })
    const taskId = done.taskId as string
    expect(await call('get_status', { task_id: taskId })).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      taskId
    })
    expect(await call('get_task', { task_id: taskId })).toMatchObject({ ok: true, taskId })
    expect(await call('quote', { model: 't2v', payload: T2V_PAYLOAD })).toMatchObject({
      ok: true,
      data: expect.objectContaining({ credits: 15 })
    })
    expect(await call('account', {})).toMatchObject({ ok: true })
    expect(await call('cancel_task', { task_id: taskId })).toMatchObject({
      ok: false,
      errorCode: 'TASK_NOT_CANCELLABLE'
    })
  })

  it('run_batch runs a list of jobs: totals and one envelope per job', async () => {
    const { client } = await connect(quick)
    const result = (await client.callTool({
      name: 'run_batch',
      arguments: {
        jobs: [
          { name: 'fox', model: 't2v', payload: T2V_PAYLOAD },
          { name: 'owl', model: 't2v', payload: { ...T2V_PAYLOAD, prompt: 'an owl' } }
        ],
        poll_interval: '100ms',
        max_total_credits: 100
      }
    })) as CallToolResult
    const envelope = envelopeOf(result)
    expect(envelope).toMatchObject({ ok: true })
    const data = envelope.data as { totals: Record<string, number>; results: { ok: boolean }[] }
    expect(data.totals).toMatchObject({ items: 2 })
    expect(data.results.map(r => r.ok)).toEqual([true, true])
  })
})
