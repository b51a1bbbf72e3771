import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { json, startScriptedServer } from '../../__fixtures__/scripted-server.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { T2V_PAYLOAD } from '../cli/cli-process.js'
import { buildMcpServer, startMcpSession, type McpSession } from '../mcp/mcp-client.js'
import { HYGIENE_KEY, echoingMessage } from './hygiene-key.js'
import { findSecretLeaks } from './secret-scan.js'

/**
 * Secret hygiene of the MCP face (`aivideomaker mcp`): upstream answers that echo the key
 * in every form, and every result, progress notification, log message and stderr byte the
 * server sends is scanned for it.
 */

const KEY = HYGIENE_KEY
const { start, closeAfterTest } = useTestSimulator({
  key: KEY,
  durationsMs: { submittedMs: 200, totalMs: 500 }
})

beforeAll(async () => {
  await buildMcpServer()
})

let session: McpSession | undefined
let seen: string[] = []

afterEach(async () => {
  await session?.close()
  if (session !== undefined) {
    const artefacts = [
      ...seen.map((content, i) => ({ where: `result or progress ${i + 1}`, content })),
      ...session.logs.map((content, i) => ({ where: `log message ${i + 1}`, content })),
      { where: 'server stderr', content: session.stderr() }
    ]
    expect(findSecretLeaks([KEY], artefacts)).toEqual([])
  }
  session = undefined
  seen = []
})

async function call(baseUrl: string, name: string, args: Record<string, unknown>): Promise<void> {
  session ??= await startMcpSession({ AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: baseUrl })
  const result = await session.client.callTool({ name, arguments: args }, undefined, {
    onprogress: update => seen.push(JSON.stringify(update))
  })
  seen.push(JSON.stringify(result))
}

describe('the MCP server never passes on the key', () => {
  it('when upstream echoes it in retried 503s (logged as retries)', async () => {
    const sim = await start({
      faults: [
        { route: 'status', kind: 'http-error', status: 503, times: 2, message: echoingMessage(KEY) }
      ]
    })
    await call(sim.url, 'generate_video', {
      model: 't2v',
      payload: T2V_PAYLOAD,
      poll_interval: '100ms'
    })
    expect(seen.at(-1)).toContain('COMPLETED')
    expect(session?.logs.join('\n')).toMatch(/HTTP 503; retry 1/)
  })

  it('when upstream echoes it in a 401', async () => {
    const sim = await start({
      faults: [{ route: 'create', kind: 'http-error', status: 401, message: echoingMessage(KEY) }]
    })
    await call(sim.url, 'generate_video', { model: 't2v', payload: T2V_PAYLOAD })
    expect(seen.at(-1)).toContain('AUTH_FAILED')
  })

  it('when upstream echoes it in account data and a task detail', async () => {
    const upstream = closeAfterTest(await startScriptedServer())
    const echoed = { apiKey: KEY, note: echoingMessage(KEY) }
    upstream.answer(json(200, { supportedModels: ['t2v'], currentBalance: 10, ...echoed }))
    await call(upstream.url, 'account', {})
    upstream.answer(
      json(200, {
        id: 'ck-echo',
        model: 't2v',
        status: 'FAILED',
        error: echoingMessage(KEY),
        ...echoed
      })
    )
    await call(upstream.url, 'get_task', { task_id: 'ck-echo' })
    expect(seen.length).toBe(2)
  })
})
