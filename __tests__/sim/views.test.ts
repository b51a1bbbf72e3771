import { describe, expect, it } from '@jest/globals'
import type { Simulator, SimulatorOptions } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create, waitForStatus } from './api-client.js'

const FAST: SimulatorOptions = { durationsMs: { submittedMs: 0, totalMs: 0 }, queryLimit: 10_000 }

const simulators = useTestSimulator({ key: KEY })

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>) {
  await run(await simulators.start({ ...FAST, ...options }))
}

describe('list shapes', () => {
  it.each([
    ['tasks', (json: never) => (json as { tasks: unknown[] }).tasks],
    ['data', (json: never) => (json as { data: unknown[] }).data],
    ['items', (json: never) => (json as { items: unknown[] }).items],
    ['array', (json: never) => json as unknown[]]
  ] as const)('answers the list as %s', async (listShape, itemsOf) => {
    await withSim({ listShape }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      const items = itemsOf((await call(sim, 'GET', '/api/v1/tasks')).json as never)
      expect(items).toEqual([
        expect.objectContaining({ id: taskId, status: 'COMPLETED', model: 't2v' })
      ])
    })
  })

  it('names list ids taskId with listIdField taskId', async () => {
    await withSim({ listIdField: 'taskId' }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      const [item] = (await call(sim, 'GET', '/api/v1/tasks')).json.tasks
      expect(item.taskId).toBe(taskId)
      expect(item).not.toHaveProperty('id')
    })
  })
})

describe('resultUrlField', () => {
  it('puts the result at output.videoUrl when asked', async () => {
    await withSim({ resultUrlField: 'videoUrl' }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      const { output } = (await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json
      expect(output).toEqual({
        videoUrl: `${sim.url}/files/${taskId}.mp4`,
        msg: expect.any(String),
        error: null
      })
    })
  })
})

describe('data-URI images', () => {
  it('stores them and shows a URL in the task input instead of the base64 text', async () => {
    await withSim({}, async sim => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
      const image = `data:image/png;base64,${bytes.toString('base64')}`
      const { taskId } = (await create(sim, 'i2v', { image, prompt: 'wave', duration: '5' })).json
      await waitForStatus(sim, taskId, 'COMPLETED')
      const { input } = (await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json
      expect(input.image).toMatch(new RegExp(`^${sim.url}/files/inputs/[0-9a-f]{32}\\.png$`))
      expect(input.prompt).toBe('wave')
      const file = await fetch(input.image)
      expect(file.headers.get('content-type')).toBe('image/png')
      expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes)
    })
  })
})
