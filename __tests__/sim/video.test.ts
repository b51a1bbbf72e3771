import { describe, expect, it } from '@jest/globals'
import type { Simulator, SimulatorOptions } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, create, sleep, waitForStatus } from './api-client.js'

const simulators = useTestSimulator({ key: KEY })

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>) {
  await run(await simulators.start({ queryLimit: 10_000, ...options }))
}

async function completedTask(sim: Simulator): Promise<string> {
  const { taskId } = (await create(sim, 't2v', T2V)).json
  await waitForStatus(sim, taskId, 'COMPLETED')
  return taskId
}

/** Top-level MP4 boxes as [type, size]; throws if the sizes do not add up to the file. */
function topLevelBoxes(file: Buffer): [string, number][] {
  const boxes: [string, number][] = []
  for (let offset = 0; offset < file.length;) {
    const size = file.readUInt32BE(offset)
    boxes.push([file.toString('latin1', offset + 4, offset + 8), size])
    if (size < 8) throw new Error('bad box size')
    offset += size
    if (offset > file.length) throw new Error('box runs past the end')
  }
  return boxes
}

const INSTANT: SimulatorOptions = { durationsMs: { submittedMs: 0, totalMs: 0 } }

describe('GET /files/{taskId}.mp4', () => {
  it('serves a small valid MP4 with Content-Type and Content-Length, no key needed', async () => {
    await withSim(INSTANT, async sim => {
      const taskId = await completedTask(sim)
      const response = await fetch(`${sim.url}/files/${taskId}.mp4`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('video/mp4')
      const file = Buffer.from(await response.arrayBuffer())
      expect(Number(response.headers.get('content-length'))).toBe(file.length)
      expect(file.length).toBeLessThan(20_000)
      const boxes = topLevelBoxes(file)
      expect(boxes[0][0]).toBe('ftyp')
      expect(boxes.map(([type]) => type)).toEqual(expect.arrayContaining(['moov', 'mdat']))
    })
  })

  it('answers HEAD with the length and no body, and is not rate limited', async () => {
    await withSim({ ...INSTANT, queryLimit: 1, queryWindowMs: 60_000 }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      for (let i = 0; i < 3; i += 1) {
        expect((await fetch(`${sim.url}/files/${taskId}.mp4`)).status).toBe(200)
      }
      const head = await fetch(`${sim.url}/files/${taskId}.mp4`, { method: 'HEAD' })
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000)
    })
  })

  it('answers 404 before the task is COMPLETED and for an unknown task', async () => {
    await withSim({ durationsMs: { submittedMs: 5000, totalMs: 10_000 } }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      const early = await fetch(`${sim.url}/files/${taskId}.mp4`)
      expect(early.status).toBe(404)
      expect(await early.json()).toMatchObject({ status: 'FAILED' })
      expect((await fetch(`${sim.url}/files/ck000000000000000000000000.mp4`)).status).toBe(404)
    })
  })

  it('expires the link 24 simulated hours after completion (410)', async () => {
    // At speed 100000, 390 s of generation take 4 ms and 24 hours take 864 ms.
    await withSim({ speed: 100_000 }, async sim => {
      const taskId = await completedTask(sim)
      let expired = await fetch(`${sim.url}/files/${taskId}.mp4`)
      expect(expired.status).toBe(200)
      // Asked again until the link answers otherwise: the next answer must be the expiry.
      for (let look = 0; look < 300 && expired.status === 200; look++) {
        await expired.arrayBuffer()
        await sleep(10)
        expired = await fetch(`${sim.url}/files/${taskId}.mp4`)
      }
      expect(expired.status).toBe(410)
      expect(await expired.json()).toMatchObject({ status: 'FAILED', errorCode: 'FILE_EXPIRED' })
    })
  })

  it('pads the file to videoBytes with a trailing free box, streamed (100 MB)', async () => {
    const size = 100 * 1024 * 1024
    await withSim({ ...INSTANT, videoBytes: size }, async sim => {
      const taskId = await completedTask(sim)
      const response = await fetch(`${sim.url}/files/${taskId}.mp4`)
      expect(Number(response.headers.get('content-length'))).toBe(size)
      let head = Buffer.alloc(0)
      let received = 0
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (head.length < 64 * 1024) head = Buffer.concat([head, chunk])
        received += chunk.length
      }
      expect(received).toBe(size)
      const boxes: [string, number][] = []
      for (let offset = 0; offset < size;) {
        const box = head.readUInt32BE(offset)
        boxes.push([head.toString('latin1', offset + 4, offset + 8), box])
        offset += box
      }
      expect(boxes[0][0]).toBe('ftyp')
      const [type, freeSize] = boxes[boxes.length - 1]
      expect(type).toBe('free')
      expect(boxes.reduce((sum, [, box]) => sum + box, 0)).toBe(size)
      expect(freeSize).toBeGreaterThan(size - 20_000)
    })
  })
})
