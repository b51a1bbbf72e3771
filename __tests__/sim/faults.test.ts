import { describe, expect, it } from '@jest/globals'
import { type Fault } from '../../src/sim/index.js'
import { useSharedSimulator, useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create, sleep, waitForStatus } from './api-client.js'

const simulators = useTestSimulator({ key: KEY })
const sim = useSharedSimulator({
  durationsMs: { submittedMs: 100, totalMs: 200 },
  queryLimit: 10_000
})

async function balance(): Promise<number> {
  return (await call(sim, 'GET', '/api/v1/account')).json.currentBalance
}

/** The order in which a faulted account answer and a plain one sent right after it arrive. */
async function answerOrder(): Promise<{
  order: string[]
  faulted: Awaited<ReturnType<typeof call>>
}> {
  const order: string[] = []
  const faulted = call(sim, 'GET', '/api/v1/account').then(answer => {
    order.push('faulted')
    return answer
  })
  await call(sim, 'GET', '/api/v1/tasks')
  order.push('plain')
  return { order, faulted: await faulted }
}

async function newTask(): Promise<string> {
  return (await create(sim, 't2v', T2V)).json.taskId
}

describe('answering faults', () => {
  it('latency delays, then answers normally', async () => {
    sim.setFaults([{ route: 'account', kind: 'latency', delayMs: 300, times: 1 }])
    const { order, faulted } = await answerOrder()
    expect(order).toEqual(['plain', 'faulted'])
    expect(faulted.json.currentBalance).toEqual(expect.any(Number))
  })

  it('http-error answers the given status with an error body, `times` times', async () => {
    const taskId = await newTask()
    sim.setFaults([{ route: 'status', kind: 'http-error', status: 503, times: 2 }])
    for (let i = 0; i < 2; i += 1) {
      const answer = await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)
      expect(answer.status).toBe(503)
      expect(answer.json).toMatchObject({
        status: 'FAILED',
        errorCode: 'INTERNAL_ERROR',
        error: 'INTERNAL_ERROR'
      })
    }
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).status).toBe(200)
    sim.setFaults([{ route: 'account', kind: 'http-error', times: 1 }])
    expect((await call(sim, 'GET', '/api/v1/account')).status).toBe(500)
  })

  it('drop closes the connection without an answer', async () => {
    sim.setFaults([{ route: 'list', kind: 'drop', times: 1 }])
    await expect(call(sim, 'GET', '/api/v1/tasks')).rejects.toThrow()
    expect(sim.stats().requests.list.dropped).toBe(1)
    expect((await call(sim, 'GET', '/api/v1/tasks')).status).toBe(200)
  })

  it('reset-mid-body sends the headers and half the body, then cuts the connection', async () => {
    const taskId = await newTask()
    sim.setFaults([{ route: 'detail', kind: 'reset-mid-body', times: 1 }])
    const response = await fetch(`${sim.url}/api/v1/tasks/${taskId}`, {
      headers: { key: 'sim-test-key' }
    })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect(sim.stats().requests.detail.reset).toBe(1)
  })

  it('failed-200 answers HTTP 200 with status FAILED', async () => {
    sim.setFaults([{ route: 'status', kind: 'failed-200', times: 1 }])
    const answer = await call(sim, 'GET', `/api/v1/tasks/${await newTask()}/status`)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ status: 'FAILED', message: 'Simulated failure' })
  })

  it('html answers an HTML error page (default 502)', async () => {
    sim.setFaults([{ route: 'account', kind: 'html', times: 1 }])
    const answer = await call(sim, 'GET', '/api/v1/account')
    expect(answer.status).toBe(502)
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
    expect(answer.text).toContain('<html>')
  })

  it('slow-drip delivers the real answer a few bytes at a time', async () => {
    sim.setFaults([{ route: 'account', kind: 'slow-drip', delayMs: 50, totalMs: 400, times: 1 }])
    const { order, faulted } = await answerOrder()
    expect(order).toEqual(['plain', 'faulted'])
    expect(faulted.status).toBe(200)
    expect(faulted.json.supportedModels).toContain('t2v')
  })

  it('truncated-json answers 200 with the JSON cut in half', async () => {
    const taskId = await newTask()
    sim.setFaults([{ route: 'status', kind: 'truncated-json', times: 1 }])
    const answer = await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)
    expect(answer.status).toBe(200)
    expect(answer.json).toBeUndefined()
    expect('{"status":"SUBMITTED"}'.startsWith(answer.text)).toBe(true)
    expect(answer.text.length).toBe(11)
  })

  it('rate-limit answers 429 with Retry-After in seconds, as a date, or none', async () => {
    sim.setFaults([
      { route: 'account', kind: 'rate-limit', retryAfterSeconds: 7, times: 1 },
      { route: 'status', kind: 'rate-limit', retryAfter: 'http-date', times: 1 },
      { route: 'list', kind: 'rate-limit', retryAfter: 'none', times: 1 }
    ])
    const seconds = await call(sim, 'GET', '/api/v1/account')
    expect(seconds.status).toBe(429)
    expect(seconds.headers.get('retry-after')).toBe('7')
    expect(seconds.json.errorCode).toBe('RATE_LIMITED')
    const date = await call(sim, 'GET', `/api/v1/tasks/${await newTask()}/status`)
    expect(date.headers.get('retry-after')).toMatch(/ GMT$/)
    const none = await call(sim, 'GET', '/api/v1/tasks')
    expect(none.status).toBe(429)
    expect(none.headers.get('retry-after')).toBeNull()
    expect(sim.stats().rateLimited).toBe(0)
  })

  it('faults on the video route apply to the download', async () => {
    const taskId = await newTask()
    await waitForStatus(sim, taskId, 'COMPLETED')
    sim.setFaults([{ route: 'video', kind: 'truncated-json', times: 1 }])
    const short = await fetch(`${sim.url}/files/${taskId}.mp4`)
    const full = await fetch(`${sim.url}/files/${taskId}.mp4`)
    const fullBytes = (await full.arrayBuffer()).byteLength
    expect((await short.arrayBuffer()).byteLength).toBe(Math.floor(fullBytes / 2))
  })
})

describe('faults on create', () => {
  const kinds: Fault['kind'][] = [
    'http-error',
    'drop',
    'reset-mid-body',
    'failed-200',
    'html',
    'slow-drip',
    'truncated-json',
    'rate-limit'
  ]

  it.each(kinds)('%s never creates or charges', async kind => {
    const before = await balance()
    const { creations } = sim.stats()
    sim.setFaults([{ route: 'create', kind, times: 1, delayMs: 10, totalMs: 50 }])
    const answer = await create(sim, 't2v', T2V).catch(() => undefined)
    expect(answer?.json?.taskId).toBeUndefined()
    expect(sim.stats().creations).toBe(creations)
    expect(await balance()).toBe(before)
  })
})

describe('modifying faults', () => {
  it('stuck keeps tasks created while it is active in SUBMITTED', async () => {
    sim.setFaults([{ route: 'create', kind: 'stuck', times: 1 }])
    const stuck = await newTask()
    const normal = await newTask()
    // The stuck task was made first: once the other is done, its own time has passed too.
    await waitForStatus(sim, normal, 'COMPLETED')
    expect((await call(sim, 'GET', `/api/v1/tasks/${stuck}/status`)).json.status).toBe('SUBMITTED')
    expect((await call(sim, 'GET', `/api/v1/tasks/${normal}/status`)).json.status).toBe('COMPLETED')
    expect((await call(sim, 'PUT', `/api/v1/tasks/${stuck}/cancel`)).json.creditsRefunded).toBe(15)
  })

  it('late carries a create out after its seeded delay (2 to 20 simulated seconds), even when the client has gone', async () => {
    // Speed 100: 20 to 200 ms of real time.
    const late = await simulators.start({
      speed: 100,
      seed: 7,
      faults: [{ route: 'create', kind: 'late', times: 1 }]
    })
    const gone = new AbortController()
    const sent = fetch(`${late.url}/api/v1/generate/t2v`, {
      method: 'POST',
      headers: {
        key: 'sim-test-key',
        'content-type': 'application/json',
        'idempotency-key': 'late-fault-0001'
      },
      body: JSON.stringify(T2V),
      signal: gone.signal
    }).catch(() => undefined)
    for (let i = 0; i < 200 && late.stats().lateCreates.arrived === 0; i++) await sleep(5)
    gone.abort()
    await sent
    expect(late.stats().creations).toBe(0)
    for (let i = 0; i < 200 && late.stats().lateCreates.carriedOut === 0; i++) await sleep(5)
    expect(late.stats().lateCreates).toEqual({ arrived: 1, carriedOut: 1 })
    expect(late.stats().creations).toBe(1)
  })

  it('lost swallows a create: never carried out, never answered', async () => {
    sim.setFaults([{ route: 'create', kind: 'lost', times: 1 }])
    const creations = sim.stats().creations
    const answer = await fetch(`${sim.url}/api/v1/generate/t2v`, {
      method: 'POST',
      headers: { key: 'sim-test-key', 'content-type': 'application/json' },
      body: JSON.stringify(T2V),
      signal: AbortSignal.timeout(200)
    }).catch((error: { name: string }) => error.name)
    expect(answer).toBe('TimeoutError')
    expect(sim.stats().lostCreates).toBe(1)
    expect(sim.stats().creations).toBe(creations)
    expect(() => sim.setFaults([{ route: 'list', kind: 'late' }])).toThrow(/late applies to create/)
  })

  it('unknown-status makes status, detail and list report QUEUED_EXTERNAL', async () => {
    const taskId = await newTask()
    sim.setFaults([
      { route: 'status', kind: 'unknown-status' },
      { route: 'detail', kind: 'unknown-status' },
      { route: 'list', kind: 'unknown-status' }
    ])
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status).toBe(
      'QUEUED_EXTERNAL'
    )
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json.status).toBe('QUEUED_EXTERNAL')
    const { tasks } = (await call(sim, 'GET', '/api/v1/tasks')).json
    expect(tasks.find((t: { id: string }) => t.id === taskId).status).toBe('QUEUED_EXTERNAL')
    sim.clearFaults()
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status).toBe('SUBMITTED')
  })
})

describe('hostile text', () => {
  const text = 'WEIRD\n::warning title=x::forged <img src=x> \u001b]52;c;aGk=\u0007'

  it('unknown-status with a text reports that text as the status', async () => {
    const taskId = await newTask()
    sim.setFaults([{ route: 'status', kind: 'unknown-status', text, times: 1 }])
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status).toBe(text)
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status).toBe('SUBMITTED')
  })

  it('hostile-fields puts the text in the model, output messages and credits of a detail', async () => {
    const taskId = await newTask()
    sim.setFaults([{ route: 'detail', kind: 'hostile-fields', text, times: 1 }])
    const { json } = await call(sim, 'GET', `/api/v1/tasks/${taskId}`)
    expect(json).toMatchObject({
      id: taskId,
      model: text,
      output: { msg: text, error: text },
      creditsCharged: text,
      creditsRefunded: text
    })
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json.model).toBe('t2v')
  })
})

describe('fault control', () => {
  it('accepts faults over POST /__sim/faults and clears them with DELETE', async () => {
    const faults = [{ route: 'account', kind: 'http-error', status: 500 }]
    const set = await call(sim, 'POST', '/__sim/faults', { body: faults, key: null })
    expect(set.json).toEqual({ faults: 1 })
    expect((await call(sim, 'GET', '/api/v1/account')).status).toBe(500)
    expect((await call(sim, 'GET', '/api/v1/account')).status).toBe(500)
    await call(sim, 'DELETE', '/__sim/faults', { key: null })
    expect((await call(sim, 'GET', '/api/v1/account')).status).toBe(200)
  })

  it('refuses an invalid fault list with 400, and setFaults throws', async () => {
    const answer = await call(sim, 'POST', '/__sim/faults', {
      body: [{ route: 'create', kind: 'explode' }],
      key: null
    })
    expect(answer.status).toBe(400)
    expect(answer.json.message).toMatch(/kind/)
    expect(() => sim.setFaults([{ route: 'list', kind: 'stuck' }])).toThrow(/stuck/)
  })

  it('takes faults from the options', async () => {
    const faulty = await simulators.start({
      faults: [{ route: 'account', kind: 'html', status: 504, times: 1 }]
    })
    expect((await call(faulty, 'GET', '/api/v1/account')).status).toBe(504)
    expect((await call(faulty, 'GET', '/api/v1/account')).status).toBe(200)
  })
})
