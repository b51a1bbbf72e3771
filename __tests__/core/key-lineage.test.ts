import { describe, expect, it } from '@jest/globals'
import {
  chooseLineageKey,
  findRelatedKeys,
  isTaskOfRequest,
  keyGeneration,
  legacyLineageKey,
  lineageKey,
  requestTasks,
  type LineageRequest
} from '../../src/core/run/key-lineage.js'
import { run } from '../../src/core/run/workflow.js'
import { cancelByIdempotencyKey } from '../../src/core/tasks/key-cancellation.js'
import type { TaskDetail } from '../../src/core/api/task-record.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const { start, startOnClock, clientFor } = useTestSimulator({
  key: 'lineage-test-key',
  durationsMs: { submittedMs: 60_000, totalMs: 70_000 }
})
const fox = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const BASE = 'gha-0123456789abcdef'

const FOX: LineageRequest = { base: BASE, model: 't2v', payload: fox }

function task(
  id: string,
  key: string | null,
  status: string,
  createdAt: string,
  echo: { model?: string; input?: Record<string, unknown> } = { model: 't2v', input: fox }
): TaskDetail {
  return { id, status, idempotencyKey: key, createdAt, videoUrl: null, ...echo }
}

describe('lineageKey', () => {
  it('sends the base first, then a key per generation that keyGeneration reads back', () => {
    expect(lineageKey(BASE, 1)).toBe(BASE)
    expect(lineageKey(BASE, 3)).toMatch(new RegExp(`^${BASE}~a3-[0-9a-f]{24}$`))
    expect(keyGeneration(BASE, lineageKey(BASE, 3))).toBe(3)
    expect(keyGeneration(BASE, `${BASE}-a3`)).toBeNull()
    expect(keyGeneration('other-key', lineageKey(BASE, 3))).toBeNull()
  })

  it('stays within the 128 characters upstream allows, and two long bases that share all but their end never share a key', () => {
    const a = `${'k'.repeat(125)}abc`
    const b = `${'k'.repeat(125)}xyz`
    expect(lineageKey(a, 12)).toHaveLength(128)
    expect(keyGeneration(a, lineageKey(a, 12))).toBe(12)
    expect(lineageKey(a, 2)).not.toBe(lineageKey(b, 2))
    expect(keyGeneration(b, lineageKey(a, 2))).toBeNull()
    // What 1.x did: both bases cut to the same 125 characters.
    expect(legacyLineageKey(a, 2)).toBe(legacyLineageKey(b, 2))
  })
})

describe('chooseLineageKey', () => {
  it("resumes the request's own newest live task, whatever the list order", () => {
    const tasks = [
      task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z'),
      task('b', lineageKey(BASE, 2), 'SUBMITTED', '2026-01-01T00:02:00Z'),
      task('x', 'someone-else', 'SUBMITTED', '2026-01-01T00:03:00Z')
    ]
    expect(chooseLineageKey(FOX, tasks)).toEqual({
      key: lineageKey(BASE, 2),
      resumed: { taskId: 'b', status: 'SUBMITTED' },
      dead: [{ taskId: 'a', status: 'CANCEL' }],
      foreign: []
    })
  })

  it('takes the next generation when every own task is dead, and the base when there is none', () => {
    const dead = [
      task('b', lineageKey(BASE, 2), 'FAILED', '2026-01-01T00:02:00Z'),
      task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z')
    ]
    expect(chooseLineageKey(FOX, dead).key).toBe(lineageKey(BASE, 3))
    expect(chooseLineageKey(FOX, dead).resumed).toBeNull()
    expect(chooseLineageKey(FOX, [])).toEqual({ key: BASE, resumed: null, dead: [], foreign: [] })
  })

  it('counts a COMPLETED task as live: its video is paid for and is resumed', () => {
    const tasks = [task('a', BASE, 'COMPLETED', '2026-01-01T00:00:00Z')]
    expect(chooseLineageKey(FOX, tasks).resumed).toEqual({ taskId: 'a', status: 'COMPLETED' })
  })

  it('never takes a task of another model or input under its keys, and sends the base for upstream to judge', () => {
    const tasks = [
      task('m', lineageKey(BASE, 2), 'SUBMITTED', '2026-01-01T00:02:00Z', {
        model: 't2v_v3',
        input: fox
      }),
      task('i', BASE, 'SUBMITTED', '2026-01-01T00:01:00Z', {
        model: 't2v',
        input: { ...fox, prompt: 'another prompt' }
      }),
      task('n', lineageKey(BASE, 3), 'SUBMITTED', '2026-01-01T00:03:00Z', {})
    ]
    const choice = chooseLineageKey(FOX, tasks)
    expect(choice).toMatchObject({ key: BASE, resumed: null, dead: [] })
    expect(choice.foreign.map(t => t.taskId)).toEqual(['n', 'm', 'i'])
  })

  it('after its own dead task, skips a generation another request holds', () => {
    const tasks = [
      task('a', BASE, 'FAILED', '2026-01-01T00:00:00Z'),
      task('o', lineageKey(BASE, 2), 'SUBMITTED', '2026-01-01T00:02:00Z', {
        model: 't2v',
        input: { ...fox, prompt: 'another prompt' }
      })
    ]
    expect(chooseLineageKey(FOX, tasks)).toMatchObject({
      key: lineageKey(BASE, 3),
      resumed: null,
      foreign: [{ taskId: 'o', status: 'SUBMITTED' }]
    })
  })

  it('resumes a task 1.x made under <base>-a2 when the list proves 1.x made it for this request', () => {
    const first = {
      ...task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z'),
      completedAt: '2026-01-01T00:01:00Z'
    }
    const second = task('b', `${BASE}-a2`, 'SUBMITTED', '2026-01-01T00:02:00Z')
    expect(chooseLineageKey(FOX, [second, first])).toMatchObject({
      key: `${BASE}-a2`,
      resumed: { taskId: 'b', status: 'SUBMITTED' }
    })
    // Without the base's own dead task first, <base>-a2 is another request's key.
    expect(chooseLineageKey(FOX, [second])).toMatchObject({ key: BASE, resumed: null })
    // Nor when the base's task was still live, or ended after it, or is of another input.
    const live = { ...first, status: 'SUBMITTED', completedAt: null }
    expect(chooseLineageKey(FOX, [second, live]).resumed).toEqual({
      taskId: 'a',
      status: 'SUBMITTED'
    })
    const late = { ...first, completedAt: '2026-01-01T00:03:00Z' }
    expect(chooseLineageKey(FOX, [second, late]).resumed).toBeNull()
    const other = { ...first, input: { ...fox, prompt: 'another prompt' } }
    expect(chooseLineageKey(FOX, [second, other]).resumed).toBeNull()
  })

  it('matches an image sent as a data URI by the URL upstream echoes in its place', () => {
    const image = 'data:image/png;base64,iVBORw0KGgo='
    const payload = { image, prompt: 'pan left', duration: '5' }
    const request: LineageRequest = { base: BASE, model: 'i2v', payload }
    const echoed = (value: unknown) =>
      task('a', BASE, 'SUBMITTED', '2026-01-01T00:00:00Z', {
        model: 'i2v',
        input: { ...payload, image: value }
      })
    expect(
      chooseLineageKey(request, [echoed('https://cdn.example/in/1.png')]).resumed
    ).not.toBeNull()
    expect(chooseLineageKey(request, [echoed(image)]).resumed).not.toBeNull()
    expect(chooseLineageKey(request, [echoed(null)]).resumed).toBeNull()
    expect(chooseLineageKey(request, [echoed('not a url')]).resumed).toBeNull()
  })
})

describe('requestTasks', () => {
  it('counts a task once when its key is the base and also looks like a later key (128 characters ending in -a2)', () => {
    const base = `${'k'.repeat(125)}-a2`
    const own = task('a', base, 'SUBMITTED', '2026-01-01T00:00:00Z')
    expect(requestTasks({ ...FOX, base }, [own])).toEqual([
      { task: own, generation: 1, isOwn: true, isLegacy: false }
    ])
  })
})

describe('isTaskOfRequest', () => {
  it("needs one of the request's keys, its model and input, and for a later key the base's dead task before it", () => {
    const base = task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z')
    const later = task('b', lineageKey(BASE, 2), 'SUBMITTED', '2026-01-01T00:02:00Z')
    const listed = [later, base]
    expect(isTaskOfRequest(base, FOX, listed)).toBe(true)
    expect(isTaskOfRequest(later, FOX, listed)).toBe(true)
    expect(isTaskOfRequest(later, FOX, [later])).toBe(false)
    expect(isTaskOfRequest(later, { ...FOX, model: 't2v_v3' }, listed)).toBe(false)
    expect(isTaskOfRequest(later, { ...FOX, base: 'gha-another-base' }, listed)).toBe(false)
  })
})

describe('findRelatedKeys', () => {
  it('pairs equal keys, and keys of which one is a later generation of the other, old or new', () => {
    const long = `${'p'.repeat(125)}abc`
    const keys = [
      'item-key-0001',
      'item-key-0001-a2',
      'item-key-0002',
      lineageKey('item-key-0002', 4),
      'unrelated-key',
      long,
      legacyLineageKey(long, 3),
      'item-key-0001'
    ]
    expect(findRelatedKeys(keys)).toEqual([
      [0, 1],
      [0, 7],
      [1, 7],
      [2, 3],
      [5, 6]
    ])
  })
})

describe('run across attempts', () => {
  it('the issue scenario: A cancelled, attempt 2 makes B, attempt 3 resumes B (2 creations, 30 charged, 15 refunded)', async () => {
    const { sim, clock } = await startOnClock()
    const client = clientFor(sim)
    const attempt = () =>
      run(
        {
          model: 't2v',
          payload: fox,
          idempotencyKey: BASE,
          idempotencyKeyUsedBefore: true,
          waitTimeoutMs: 300,
          pollIntervalMs: 100
        },
        { client, clock }
      )
    const a = await attempt()
    expect(a.errorCode).toBe('TIMEOUT')
    await client.cancelTask(a.taskId as string)
    const b = await attempt()
    const c = await attempt()

    expect(b.taskId).not.toBe(a.taskId)
    expect(c).toMatchObject({ errorCode: 'TIMEOUT', taskId: b.taskId })
    const stats = sim.stats()
    expect(stats.creations).toBe(2)
    expect(stats.credits).toEqual({ charged: 30, refunded: 15 })
  })

  it('resumes its own task whose data-URI image upstream echoes as a URL; another image under the same key is refused by upstream, unpaid', async () => {
    const { sim, clock } = await startOnClock()
    const client = clientFor(sim)
    const notes: string[] = []
    const clip = (image: string) =>
      run(
        {
          model: 'i2v',
          payload: { image, prompt: 'pan left', duration: '5' },
          idempotencyKey: BASE,
          idempotencyKeyUsedBefore: true,
          waitTimeoutMs: 300,
          pollIntervalMs: 100
        },
        { client, clock, onNote: note => notes.push(note) }
      )
    const first = await clip('data:image/png;base64,iVBORw0KGgoAAAA=')
    const listed = await client.listTasks()
    expect(listed.data?.tasks[0].input?.image).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/files\/inputs\//
    )

    const again = await clip('data:image/png;base64,iVBORw0KGgoAAAA=')
    expect(again).toMatchObject({ errorCode: 'TIMEOUT', taskId: first.taskId })
    expect(notes.join('\n')).toContain(`Task ${first.taskId} of an earlier attempt`)
    const other = await clip('data:image/png;base64,R0lGODlhAQABAAAAACw=')
    expect(other.errorCode).toBe('IDEMPOTENCY_CONFLICT')
    expect(sim.stats().creations).toBe(1)
  })

  it('hands the key to the face before the create is sent', async () => {
    const { sim, clock } = await startOnClock()
    const seen: string[] = []
    await run(
      {
        model: 't2v',
        payload: fox,
        idempotencyKey: BASE,
        idempotencyKeyUsedBefore: false,
        waitTimeoutMs: 200
      },
      {
        client: clientFor(sim),
        clock,
        onIdempotencyKey: key => seen.push(`${key} with ${sim.stats().creations} creations`)
      }
    )
    expect(seen).toEqual([`${BASE} with 0 creations`])
  })

  it('quotes first with maxCredits: over budget, nothing is created', async () => {
    const { sim, clock } = await startOnClock()
    const result = await run(
      { model: 't2v', payload: fox, maxCredits: 5, waitTimeoutMs: 2_000 },
      { client: clientFor(sim), clock }
    )
    expect(result.errorCode).toBe('BUDGET_EXCEEDED')
    expect(result.errorMessage).toMatch(/15 credits, above its max-credits of 5/)
    const stats = sim.stats()
    expect(stats.requests.quote).toEqual({ 200: 1 })
    expect(stats.requests.create).toBeUndefined()
    expect(stats.creations).toBe(0)
  })
})

describe('cancelByIdempotencyKey', () => {
  it('finds a task by its key with one list request and cancels it while SUBMITTED; a key without a task is reported', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const created = await client.createGeneration('t2v', fox, { idempotencyKey: BASE })
    const result = await cancelByIdempotencyKey(client, [
      { idempotencyKey: BASE, model: 't2v', payload: fox },
      { idempotencyKey: 'never-sent-key', model: 't2v', payload: fox }
    ])

    expect(result.failure).toBeNull()
    expect(result.outcomes).toEqual([
      expect.objectContaining({ taskId: created.taskId, outcome: 'cancelled' })
    ])
    expect(result.notFound).toEqual(['never-sent-key'])
    expect(sim.stats().requests.list).toEqual({ 200: 1 })
    expect(sim.stats().credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('leaves alone a task another request made under the same key string, and says so', async () => {
    const sim = await start()
    const client = clientFor(sim)
    // Job Y sent the key first, with its own prompt; job X claims the key for its request.
    const theirs = await client.createGeneration('t2v', fox, { idempotencyKey: BASE })
    const ours = { ...fox, prompt: 'a grey owl at dusk' }
    const result = await cancelByIdempotencyKey(client, [
      { idempotencyKey: BASE, model: 't2v', payload: ours }
    ])

    expect(result).toEqual({
      outcomes: [],
      notThisRequest: [{ idempotencyKey: BASE, taskId: theirs.taskId }],
      notFound: [],
      failure: null
    })
    expect(sim.stats().requests.cancel).toBeUndefined()
    expect(sim.stats().tasks.find(task => task.id === theirs.taskId)?.status).toBe('SUBMITTED')
    expect(sim.stats().credits).toEqual({ charged: 15, refunded: 0 })
  })

  it('matches the request as it was sent: a numeric duration claims the task its string made', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const created = await client.createGeneration('t2v', fox, { idempotencyKey: BASE })
    const result = await cancelByIdempotencyKey(client, [
      { idempotencyKey: BASE, model: 't2v', payload: { ...fox, duration: 5 } }
    ])

    expect(result.outcomes).toEqual([
      expect.objectContaining({ taskId: created.taskId, outcome: 'cancelled' })
    ])
    expect(result.notThisRequest).toEqual([])
  })
})
