import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import { createClient, type Client } from '../../src/core/api/client.js'
import type { Envelope } from '../../src/core/api/envelope.js'
import { ERROR_CODES } from '../../src/core/api/error-codes.js'
import { isValidTaskId } from '../../src/core/api/identifiers.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { validateRequest } from '../../src/core/validation/validate.js'
import { findPayloadProblems } from '../../src/sim/payload-rules.js'
import envelopeSchema from '../../schemas/envelope.schema.json' with { type: 'json' }
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { startScriptedServer, type ScriptedServer } from '../../__fixtures__/scripted-server.js'
import { modelAndPayload } from './payload-arbitraries.js'
import { DIVERGENCES } from './validator-divergences.js'

const KEY = 'property-test-key-7f3a'
const T2V = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

/** Properties run and their runs, printed at the end. */
const tally = new Map<string, number>()
const count = (property: string): void => {
  tally.set(property, (tally.get(property) ?? 0) + 1)
}

let server: ScriptedServer
const sim = useSharedSimulator({ keys: [{ key: KEY }] })
beforeAll(async () => {
  server = await startScriptedServer()
})
afterAll(async () => {
  await server.close()
  const runs = [...tally.values()].reduce((a, b) => a + b, 0)
  const lines = [...tally].map(([name, n]) => `  ${n} runs  ${name}`)
  console.log(`properties: ${tally.size} properties, ${runs} runs\n${lines.join('\n')}`)
})

// ---------------------------------------------------------------------------
// 1. The client validator agrees with the simulator's server-side validation.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What reaches the server: the client's prepared payload, after JSON. */
function asSent(payload: unknown, prepared?: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(prepared ?? payload) ?? 'null')
}

type ModelOf = (typeof DIVERGENCES)[number]['example']['model']

/** Both verdicts on one payload; the sim judges the body the client would send. */
function verdicts(model: ModelOf, payload: unknown) {
  const client = validateRequest(model, payload)
  const body = asSent(payload, client.ok ? client.payload : undefined)
  const problems = isObject(body) ? findPayloadProblems(model, body) : ['not a JSON object']
  return { client, body, problems, simAccepts: problems.length === 0 }
}

describe('validator agreement', () => {
  const tolerated = new Map<string, number>()
  afterAll(() => {
    const seen = [...tolerated].map(([id, n]) => `  ${n}x ${id}`).join('\n')
    console.log(`validator vs simulator: known divergences hit (see report)\n${seen}`)
  })

  it('validateRequest agrees with the simulator on generated payloads, or a known divergence explains why', () => {
    fc.assert(
      fc.property(modelAndPayload, ({ model, payload }) => {
        count('validator agrees with the simulator (in-process rules)')
        const { client, problems, simAccepts } = verdicts(model, payload)
        if (client.ok === simAccepts) return true
        const known = isObject(payload) ? DIVERGENCES.filter(d => d.detect(model, payload)) : []
        known.forEach(d => tolerated.set(d.id, (tolerated.get(d.id) ?? 0) + 1))
        if (known.length > 0) return true
        const clientSays = client.ok ? 'accepts' : `rejects: ${client.issues.join('; ')}`
        throw new Error(
          `${model}: client ${clientSays}; sim ${simAccepts ? 'accepts' : `rejects: ${problems.join('; ')}`}`
        )
      }),
      { numRuns: 4000 }
    )
  })

  it('the in-process rules are what the quote endpoint answers', async () => {
    await fc.assert(
      fc.asyncProperty(modelAndPayload, async ({ model, payload }) => {
        count('simulator rules = POST /api/v1/quote over HTTP')
        const { body, simAccepts } = verdicts(model, payload)
        const answer = await fetch(`${sim.url}/api/v1/quote/${model}`, {
          method: 'POST',
          headers: { key: KEY, 'content-type': 'application/json' },
          body: JSON.stringify(body)
        })
        await answer.text()
        expect(answer.status === 200).toBe(simAccepts)
      }),
      { numRuns: 60 }
    )
  })

  // it.each refuses an empty table; with no divergence pinned there is nothing to check.
  const pinned = DIVERGENCES.map(d => [d.id, d] as const)
  if (pinned.length > 0) {
    it.each(pinned)('known divergence %s still holds (delete the row once resolved)', (_id, d) => {
      const { client, simAccepts } = verdicts(d.example.model, d.example.payload)
      expect(d.detect(d.example.model, d.example.payload)).toBe(true)
      expect({ client: client.ok, sim: simAccepts }).toEqual({
        client: d.clientAccepts,
        sim: d.simAccepts
      })
    })
  }

  // The former divergences D1-D10, each on both sides of its boundary: the client and
  // the simulator give the expected verdict.
  const IMG = 'https://example.com/cat.png'
  const I2V = { image: IMG, duration: '5' }
  const T2V_V3 = { ...T2V, duration: '10' }
  const RESOLVED: [string, ModelOf, Record<string, unknown>, boolean][] = [
    ['D1 2500 emoji (5000 UTF-16 units)', 't2v', { ...T2V, prompt: '😀'.repeat(2500) }, true],
    ['D1 2501 emoji (5002 UTF-16 units)', 't2v', { ...T2V, prompt: '😀'.repeat(2501) }, false],
    [
      'D1 4999 + 1 emoji on t2v_v3',
      't2v_v3',
      { ...T2V_V3, prompt: 'a'.repeat(4999) + '😀' },
      false
    ],
    ['D2 wan27 prompt of 5000', 'wan27', { prompt: 'a'.repeat(5000) }, true],
    ['D2 wan27 prompt of 5001', 'wan27', { prompt: 'a'.repeat(5001), duration: '5' }, false],
    ['D2 i2v prompt of 5001', 'i2v', { ...I2V, prompt: 'a'.repeat(5001) }, false],
    ['D2 lv segment of 5001', 'lv', { image: IMG, prompt: ['x', 'a'.repeat(5001)] }, false],
    ['D2 minimax content of 5000', 'minimax', { content: 'a'.repeat(5000) }, true],
    ['D2 minimax content of 5001', 'minimax', { content: 'a'.repeat(5001) }, false],
    ['D2 happyhorse prompt of 5001', 'happyhorse', { prompt: 'a'.repeat(5001) }, false],
    [
      'D2 seedance20 prompt of 5001',
      'seedance20',
      { prompt: 'a'.repeat(5001), duration: 5, resolution: 720, ratio: '1:1' },
      false
    ],
    ['D3 i2v prompt ""', 'i2v', { ...I2V, prompt: '' }, false],
    ['D3 i2v_v3 prompt " "', 'i2v_v3', { ...I2V, prompt: ' ' }, false],
    ['D3 i2v prompt null', 'i2v', { ...I2V, prompt: null }, true],
    ['D3 i2v prompt "x"', 'i2v', { ...I2V, prompt: 'x' }, true],
    ['D4 DATA: scheme', 'i2v', { ...I2V, image: 'DATA:image/png;base64,AAAA' }, false],
    ['D4 data: scheme', 'i2v', { ...I2V, image: 'data:image/png;base64,AAAA' }, true],
    ['D5 leading space', 'i2v', { ...I2V, image: ` ${IMG}` }, false],
    ['D5 trailing space', 'minimax', { content: 'x', referenceVideoUrl: `${IMG} ` }, false],
    ['D6 user:password@', 'i2v', { ...I2V, image: 'https://user:secret@example.com/a.png' }, false],
    ['D6 @ in the path', 'i2v', { ...I2V, image: 'https://example.com/@fox/a.png' }, true],
    ['D7 wan27 without duration', 'wan27', { prompt: 'a red fox in snow' }, true],
    ['D7 happyhorse without duration', 'happyhorse', { prompt: 'a red fox in snow' }, true],
    ['D8 happyhorse 4 images', 'happyhorse', { prompt: 'x', image: Array(4).fill(IMG) }, true],
    ['D8 happyhorse 5 images', 'happyhorse', { prompt: 'x', image: Array(5).fill(IMG) }, false],
    ['D9 referenceImageUrls []', 'minimax', { content: 'x', referenceImageUrls: [] }, false],
    ['D9 referenceAudioUrls []', 'minimax', { content: 'x', referenceAudioUrls: [] }, false],
    ['D9 referenceAudioUrls [1]', 'minimax', { content: 'x', referenceAudioUrls: [IMG] }, true],
    ['D10 lastFrameUrl alone', 'minimax', { content: 'x', lastFrameUrl: IMG }, false],
    ['D10 with imageUrl', 'minimax', { content: 'x', imageUrl: IMG, lastFrameUrl: IMG }, true]
  ]

  it.each(RESOLVED)('resolved divergence %s: both sides agree', (_name, model, payload, ok) => {
    const { client, simAccepts } = verdicts(model, payload)
    expect({ client: client.ok, sim: simAccepts }).toEqual({ client: ok, sim: ok })
  })
})

// ---------------------------------------------------------------------------
// 2. The envelope keeps its 7 keys and types, whatever upstream answers.

// Default (strict) options: strictNumbers makes NaN and Infinity fail `type: number`.
const ajv = new Ajv()
const isEnvelope = ajv.compile(envelopeSchema)

interface Answer {
  status: number
  contentType: string | null
  retryAfter: string | null
  body: string | 'DROP'
}

const retryAfterText: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 120 }).map(String),
  fc.constantFrom('1.5', '0.001', '-5', '', 'soon', '1e3', ' 7 ', '9'.repeat(400), '2147483648'),
  fc
    .integer({ min: -86_400, max: 86_400 })
    .map(s => new Date(Date.parse('2026-11-25T12:00:00Z') + s * 1000).toUTCString())
)

const errorBody = fc
  .record(
    {
      status: fc.oneof(
        fc.constantFrom('SUBMITTED', 'PROGRESS', 'COMPLETED', 'FAILED', 'CANCEL', 'WEIRD'),
        fc.integer()
      ),
      taskId: fc.constantFrom('ck123', '../account', '', 'x'.repeat(200), 5),
      errorCode: fc.oneof(fc.constantFrom(...ERROR_CODES), fc.string({ maxLength: 12 })),
      message: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(`bad key ${KEY}`)),
      creditsCharged: fc.oneof(fc.integer(), fc.double(), fc.string()),
      tasks: fc.array(
        fc.record({ id: fc.string({ maxLength: 8 }), status: fc.string({ maxLength: 10 }) }),
        { maxLength: 3 }
      ),
      output: fc.record({ url: fc.oneof(fc.webUrl(), fc.constant(null)) })
    },
    { requiredKeys: [] }
  )
  .map(body => JSON.stringify(body))

const bodyText: fc.Arbitrary<string> = fc.oneof(
  errorBody,
  fc.json(),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '<html><body><h1>502 Bad Gateway</h1></body></html>', '{"status":', 'null'),
  errorBody.map(text => text.slice(0, Math.floor(text.length / 2)))
)

const answerArb: fc.Arbitrary<Answer> = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 201, 204, 400, 401, 402, 403, 404, 408, 409, 410, 413, 422, 429),
    fc.constantFrom(500, 502, 503, 504),
    fc.integer({ min: 200, max: 599 })
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/html',
    'text/plain',
    null
  ),
  retryAfter: retryAfterText,
  body: fc.oneof({ weight: 12, arbitrary: bodyText }, { weight: 1, arbitrary: fc.constant('DROP') })
})

function scriptOf(answer: Answer) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (answer.body === 'DROP') {
      req.socket.destroy()
      return
    }
    const headers: Record<string, string> = {}
    if (answer.contentType) headers['content-type'] = answer.contentType
    if (answer.retryAfter !== null) headers['retry-after'] = answer.retryAfter
    res.writeHead(answer.status, headers)
    res.end(answer.body)
  }
}

type Method = (client: Client) => Promise<Envelope<unknown>>
const TASK_ID = 'ck123'
const METHODS: Record<string, Method> = {
  createGeneration: c => c.createGeneration('t2v', T2V),
  'createGeneration (Idempotency-Key)': c =>
    c.createGeneration('t2v', T2V, { idempotencyKey: 'property-key-0001' }),
  getStatus: c => c.getStatus(TASK_ID),
  getTask: c => c.getTask(TASK_ID),
  cancelTask: c => c.cancelTask(TASK_ID),
  listTasks: c => c.listTasks(),
  account: c => c.account(),
  quote: c => c.quote('t2v', T2V)
}
const TASK_METHODS = ['getStatus', 'getTask', 'cancelTask']

/** Values JSON cannot carry faithfully (NaN, Infinity, undefined in arrays, ...). */
function jsonProblems(value: unknown, path = 'envelope'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return []
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} is ${value}`]
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonProblems(v, `${path}[${i}]`))
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return [`${path} is not a plain object`]
    return Object.entries(value).flatMap(([k, v]) =>
      v === undefined ? [] : jsonProblems(v, `${path}.${k}`)
    )
  }
  return [`${path} is a ${typeof value}`]
}

describe('envelope shape', () => {
  it('every client method returns a schema-valid, JSON-safe envelope whatever upstream answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(METHODS)),
        fc.array(answerArb, { minLength: 1, maxLength: 3 }),
        async (method, answers) => {
          count('envelope: 7 keys, schema-valid, JSON-safe')
          server.answer(...answers.map(scriptOf))
          const client = createClient({
            apiKey: KEY,
            baseUrl: server.url,
            clock: new FakeClock(),
            maxRetries: 2,
            timeoutMs: 2000,
            random: () => 0.5,
            queryBudget: new RequestBudget({ limit: 100_000, windowMs: 1000 })
          })
          const envelope = await METHODS[method](client)
          const context = JSON.stringify({ method, answers })
          expect([context, Object.keys(envelope).sort()]).toEqual([
            context,
            ['data', 'errorCode', 'errorMessage', 'ok', 'retryAfter', 'status', 'taskId']
          ])
          expect([context, isEnvelope(envelope), ajv.errorsText(isEnvelope.errors)]).toEqual([
            context,
            true,
            'No errors'
          ])
          expect([context, jsonProblems(envelope)]).toEqual([context, []])
          expect(envelope.ok).toBe(envelope.errorCode === null)
          expect(envelope.taskId === null || isValidTaskId(envelope.taskId)).toBe(true)
          if (TASK_METHODS.includes(method)) expect(envelope.taskId).toBe(TASK_ID)
          if (envelope.ok && method.startsWith('createGeneration'))
            expect(envelope.taskId).not.toBeNull()
          expect(envelope.errorMessage ?? '').not.toContain(KEY)
        }
      ),
      { numRuns: 200 }
    )
  })
})

// ---------------------------------------------------------------------------
// 3. Retry delays honour Retry-After and the cap; 1 + max-retries requests at most.

const BACKOFF = { baseDelayMs: 100, maxDelayMs: 800, maxRetryAfterMs: 5000 }

type Hint =
  | { kind: 'none' }
  | { kind: 'seconds'; value: number }
  | { kind: 'date'; seconds: number }
  | { kind: 'over-cap' }

interface Step {
  kind: '429' | '503' | '500' | 'drop' | 'ok'
  hint: Hint
}

const hintArb: fc.Arbitrary<Hint> = fc.oneof(
  fc.constant({ kind: 'none' } as const),
  fc
    .oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, 1.25, 2.5))
    .map(value => ({ kind: 'seconds', value }) as const),
  fc.integer({ min: 1, max: 4 }).map(seconds => ({ kind: 'date', seconds }) as const),
  fc.constant({ kind: 'over-cap' } as const)
)

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('429', '429', '503', '500', 'drop', 'ok'),
  hint: hintArb
})

const RETRY_METHODS = [
  'getStatus',
  'getTask',
  'listTasks',
  'account',
  'cancelTask',
  'quote',
  'createGeneration (Idempotency-Key)',
  'createGeneration'
]

function okBody(method: string): unknown {
  if (method === 'listTasks') return { tasks: [] }
  if (method.startsWith('createGeneration')) return { status: 'SUBMITTED', taskId: 'ck9' }
  return { status: 'PROGRESS', id: TASK_ID, supportedModels: [], credits: 1 }
}

describe('retry timing', () => {
  it('never retries sooner than Retry-After (capped), never waits past the cap, sends at most 1 + max-retries requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...RETRY_METHODS),
        fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.option(fc.integer({ min: 200, max: 12_000 }), { nil: undefined }),
        async (method, steps, maxRetries, jitter, deadlineIn) => {
          count('retry delays within [Retry-After, cap]; <= 1 + max-retries requests')
          const clock = new FakeClock()
          const deadline = deadlineIn === undefined ? undefined : clock.now() + deadlineIn
          // What the client was told at each attempt: arrival time and Retry-After in ms.
          const seen: { at: number; retryAfterMs: number | null }[] = []
          server.answer(
            ...steps.map(step => (req: IncomingMessage, res: ServerResponse) => {
              const at = clock.now()
              const { hint } = step
              const header =
                hint.kind === 'seconds'
                  ? String(hint.value)
                  : hint.kind === 'date'
                    ? new Date(at + hint.seconds * 1000).toUTCString()
                    : hint.kind === 'over-cap'
                      ? String(BACKOFF.maxRetryAfterMs / 1000 + 60)
                      : null
              const retryAfterMs =
                header === null
                  ? null
                  : hint.kind === 'date'
                    ? Math.max(0, Date.parse(header) - at)
                    : Math.round(Number(header) * 1000)
              seen.push({ at, retryAfterMs: step.kind === 'drop' ? null : retryAfterMs })
              if (step.kind === 'drop') return void req.socket.destroy()
              const status = step.kind === 'ok' ? 200 : Number(step.kind)
              const headers: Record<string, string> = { 'content-type': 'application/json' }
              if (header !== null) headers['retry-after'] = header
              res.writeHead(status, headers)
              res.end(JSON.stringify(status === 200 ? okBody(method) : { errorCode: 'X' }))
            })
          )
          const retries: { delayMs: number; attempt: number }[] = []
          const client = createClient({
            apiKey: KEY,
            baseUrl: server.url,
            clock,
            maxRetries,
            timeoutMs: 2000,
            backoff: BACKOFF,
            random: () => jitter,
            queryBudget: new RequestBudget({ limit: 100_000, windowMs: 1000 }),
            onRetry: event => retries.push({ delayMs: event.delayMs, attempt: event.attempt })
          })
          const call = METHODS[method]
          if (deadline !== undefined && method === 'getStatus') {
            await client.getStatus(TASK_ID, { deadline })
          } else {
            await call(client)
          }
          const context = JSON.stringify({ method, steps, maxRetries, jitter, deadlineIn, seen })

          // At most 1 + max-retries requests; a create without a key exactly once.
          const limit = method === 'createGeneration' ? 1 : 1 + maxRetries
          expect([context, seen.length <= limit]).toEqual([context, true])
          expect([context, retries.length]).toEqual([context, seen.length - 1])

          for (let i = 0; i < retries.length; i++) {
            const hinted = seen[i].retryAfterMs
            const { delayMs } = retries[i]
            if (hinted !== null) {
              // Honoured as given (no jitter, never shortened) up to the cap; above it,
              // read as the cap.
              expect([context, i, delayMs]).toEqual([
                context,
                i,
                Math.min(hinted, BACKOFF.maxRetryAfterMs)
              ])
            } else {
              const ceiling = Math.min(BACKOFF.maxDelayMs, BACKOFF.baseDelayMs * 2 ** i)
              expect([context, i, delayMs >= 0 && delayMs <= ceiling]).toEqual([context, i, true])
            }
            // The next request came no sooner than the server asked.
            const gap = seen[i + 1].at - seen[i].at
            const asked = Math.min(hinted ?? 0, BACKOFF.maxRetryAfterMs)
            expect([context, i, gap >= asked]).toEqual([context, i, true])
            if (deadline !== undefined && method === 'getStatus') {
              // The transport's own wait ends before the deadline. (A query-budget pause
              // after a 429 without Retry-After may still push the request past it: BUG-4
              // in core-defects.test.ts.)
              const ready = seen[i].at + delayMs
              expect([context, i, ready < deadline]).toEqual([context, i, true])
            }
          }
        }
      ),
      { numRuns: 250 }
    )
  })
})
