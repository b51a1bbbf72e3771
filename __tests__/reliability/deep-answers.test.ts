import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient, type ClientOptions } from '../../src/core/api/client.js'
import { JSON_CUT_MARK, JSON_LIMITS, copyJson } from '../../src/core/http/bounded-json.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { redactValue } from '../../src/core/http/secret-redaction.js'
import { taskListOf, toTaskDetail } from '../../src/core/api/task-record.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { text, useScriptedServer } from '../../__fixtures__/scripted-server.js'
import {
  API_KEY,
  T2V_PAYLOAD,
  buildCli,
  envelopeOf,
  runScript,
  useCliSimulator
} from '../cli/cli-process.js'
import { nestedArrays, startDeepAnswerProxy, type DeepAnswerProxy } from './deep-answer-proxy.js'

/** Issue 12 item 4: nothing upstream sends can crash the client or lose a task id. */

const DEEP = 100_000
const KEY = 'deep-answers-key-7731'

/** How deep a value is, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number]
    if (typeof item !== 'object' || item === null) continue
    deepest = Math.max(deepest, depth + 1)
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return deepest
}

describe('copyJson', () => {
  it('copies 100,000 nested arrays beside taskId without overflowing, cut at the depth limit', () => {
    const answer = JSON.parse(`{"nested":${nestedArrays(DEEP)},"taskId":"ck1"}`) as unknown
    expect(() => JSON.stringify(answer)).toThrow(RangeError)
    const copy = copyJson(answer) as Record<string, unknown>
    expect(copy.taskId).toBe('ck1')
    expect(depthOf(copy)).toBe(JSON_LIMITS.maxDepth)
    expect(JSON.stringify(copy)).toContain(JSON_CUT_MARK)
  })

  it('keeps the shallow fields when a huge array comes first, and stops at the value budget', () => {
    const answer = JSON.parse(`{"huge":[${'0,'.repeat(400_000)}0],"id":"ck2","status":"PROGRESS"}`)
    const copy = copyJson(answer) as { huge: number[]; id: string; status: string }
    expect(copy).toMatchObject({ id: 'ck2', status: 'PROGRESS' })
    expect(copy.huge.length).toBe(JSON_LIMITS.maxValues - 4)
  })

  it('keeps a "__proto__" key from JSON as a plain field', () => {
    const copy = copyJson(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<
      string,
      unknown
    >
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(['__proto__', 'a'])
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('is the same value for small answers', () => {
    const answer = { id: 'ck3', output: { url: 'https://x.test/v.mp4', list: [1, 'two', null] } }
    expect(copyJson(answer)).toEqual(answer)
  })
})

describe('redactValue', () => {
  it('redacts a key echoed in a deep answer without overflowing', () => {
    const answer = JSON.parse(
      `{"nested":${nestedArrays(DEEP)},"message":"bad key ${KEY}","deeper":[[["${KEY}"]]]}`
    ) as unknown
    const redacted = redactValue(answer, [KEY])
    const shown = JSON.stringify(redacted)
    expect(shown).not.toContain(KEY)
    expect(shown).toContain('bad key ***')
    expect(shown).toContain('[[["***"]]]')
  })
})

describe('task-record readers', () => {
  it('read a detail and a list whose tasks carry deep outputs', () => {
    const task = `{"id":"ck4","status":"COMPLETED","output":{"url":"https://x.test/v.mp4","extra":${nestedArrays(DEEP)}}}`
    expect(toTaskDetail(JSON.parse(task))).toMatchObject({
      id: 'ck4',
      videoUrl: 'https://x.test/v.mp4'
    })
    const list = taskListOf(JSON.parse(`{"tasks":[${nestedArrays(DEEP)},${task}]}`))
    expect(list?.map(t => t.id)).toEqual(['ck4'])
  })
})

describe('the client, against a server sending hostile answers', () => {
  const server = useScriptedServer()
  const json = (body: string) => text(200, body, 'application/json')
  const client = (overrides: Partial<ClientOptions> = {}) =>
    createClient({
      apiKey: KEY,
      baseUrl: server.url,
      clock: new FakeClock(),
      random: () => 0,
      queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 }),
      ...overrides
    })

  it('keeps the task id of a create answer with 100,000 nested arrays before it', async () => {
    server.answer(json(`{"nested":${nestedArrays(DEEP)},"taskId":"ckdeep1","status":"SUBMITTED"}`))
    const created = await client().createGeneration('t2v', T2V_PAYLOAD)
    expect(created).toMatchObject({ ok: true, taskId: 'ckdeep1', status: 'SUBMITTED' })
    expect(() => JSON.stringify(created)).not.toThrow()
  })

  it('keeps the task id of a create answer with more top-level fields than the copy holds', async () => {
    const fields = Array.from({ length: JSON_LIMITS.maxValues + 10 }, (_, i) => `"f${i}":0`)
    server.answer(json(`{${fields.join(',')},"taskId":"ckwide1"}`))
    const created = await client().createGeneration('t2v', T2V_PAYLOAD)
    expect(created).toMatchObject({ ok: true, taskId: 'ckwide1' })
  })

  it('returns a serialisable task from a deep detail answer', async () => {
    server.answer(
      json(
        `{"id":"ckdeep2","status":"COMPLETED","output":{"url":"https://x.test/v.mp4","x":${nestedArrays(DEEP)}}}`
      )
    )
    const task = await client().getTask('ckdeep2')
    expect(task).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      data: { videoUrl: 'https://x.test/v.mp4' }
    })
    expect(JSON.stringify(task)).toContain(JSON_CUT_MARK)
  })

  it('reads a deep, huge list answer', async () => {
    const filler = Array.from({ length: 50_000 }, () => '{"id":"ckx","status":"SUBMITTED"}')
    server.answer(
      json(
        `{"tasks":[${nestedArrays(DEEP)},{"id":"ckdeep3","status":"PROGRESS"},${filler.join(',')}]}`
      )
    )
    const listed = await client().listTasks()
    expect(listed.ok).toBe(true)
    expect(listed.data?.tasks[0]).toMatchObject({ id: 'ckdeep3', status: 'PROGRESS' })
    expect(() => JSON.stringify(listed)).not.toThrow()
  })
})

describe('a whole run through the real CLI when every answer is deep', () => {
  const sim = useCliSimulator({ submittedMs: 100, totalMs: 300 })
  let proxy: DeepAnswerProxy

  beforeAll(async () => {
    await buildCli()
    proxy = await startDeepAnswerProxy(sim.url, { matches: () => true, depth: DEEP })
  })

  afterAll(async () => {
    await proxy.close()
  })

  it('creates once, keeps the id, waits and finishes', async () => {
    const result = await runScript(
      ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms'],
      { env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: proxy.url } }
    )
    const envelope = envelopeOf(result.stdout)
    const stats = sim.stats()
    expect(stats.tasks.map(task => task.id)).toEqual([envelope.taskId])
    expect(envelope).toMatchObject({ ok: true, status: 'COMPLETED' })
    expect(result.code).toBe(0)
    expect([...proxy.deepened.keys()]).toContain('POST /api/v1/generate/t2v')
    expect(stats.creations).toBe(1)
  })
})
