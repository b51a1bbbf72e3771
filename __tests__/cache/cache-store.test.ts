import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { ResultCache, type StoredRun } from '../../src/core/cache/result-cache.js'
import { successEnvelope } from '../../src/core/api/envelope.js'
import { requestDigest } from '../../src/core/run/request-digest.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const ROOT = 'aivideomaker-cache-v1'

/** A small file that opens like an MP4 (an `ftyp` box), different every time. */
function fakeVideo(bytes = 1000): Buffer {
  const head = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom', 'latin1')])
  return Buffer.concat([head, randomBytes(bytes - head.length)])
}

function runOf(taskId: string): StoredRun {
  return {
    taskId,
    model: 't2v',
    envelope: successEnvelope({ creditsCharged: 15, videoUrl: 'https://cdn.example/v.mp4' }),
    task: { id: taskId }
  }
}

async function storeVideo(
  cache: ResultCache,
  digest: string,
  taskId: string,
  video = fakeVideo()
): Promise<Buffer> {
  const incoming = await cache.incomingPath()
  await writeFile(incoming, video)
  const stored = await cache.store(digest, incoming, runOf(taskId))
  expect(stored.ok).toBe(true)
  return video
}

const digestOf = (prompt: string): string => requestDigest('t2v', { prompt })

describe('ResultCache', () => {
  it('delivers a stored video byte for byte and reports the record it came from', async () => {
    const dir = await makeTempDir('cache-unit-')
    const cache = new ResultCache(dir, {}, new FakeClock())
    const video = await storeVideo(cache, digestOf('fox'), 'task-fox')
    const found = await cache.lookUp(digestOf('fox'))
    expect(found.record?.taskId).toBe('task-fox')
    const out = join(dir, 'out', 'fox.mp4')
    const copy = await cache.deliver(found.record!, out)
    expect(copy).toEqual({ ok: true, path: out, bytes: video.length })
    expect((await readFile(out)).equals(video)).toBe(true)
  })

  it('takes a truncated record, a record of another digest and a missing video as misses', async () => {
    const dir = await makeTempDir('cache-unit-bad-')
    const cache = new ResultCache(dir, {}, new FakeClock())
    await storeVideo(cache, digestOf('fox'), 'task-fox')
    const records = join(dir, ROOT, 'records')
    const recordPath = join(records, `${digestOf('fox')}.json`)
    const text = await readFile(recordPath, 'utf8')

    await writeFile(recordPath, text.slice(0, text.length / 2))
    expect((await cache.lookUp(digestOf('fox'))).record).toBeNull()

    await writeFile(join(records, `${digestOf('hare')}.json`), text)
    expect((await cache.lookUp(digestOf('hare'))).record).toBeNull()

    await writeFile(recordPath, text)
    expect((await cache.lookUp(digestOf('fox'))).record).not.toBeNull()
    for (const name of await readdir(join(dir, ROOT, 'videos'))) {
      await writeFile(join(dir, ROOT, 'videos', name), Buffer.from('<html>not a video</html>'))
    }
    const found = await cache.lookUp(digestOf('fox'))
    expect(found).toEqual({ record: null, reason: expect.stringMatching(/does not match/) })
  })

  it('refuses to store a file that is not a video', async () => {
    const dir = await makeTempDir('cache-unit-html-')
    const cache = new ResultCache(dir, {}, new FakeClock())
    const incoming = await cache.incomingPath()
    await writeFile(incoming, '<html>login</html>')
    const stored = await cache.store(digestOf('fox'), incoming, runOf('task-fox'))
    expect(stored).toEqual({ ok: false, reason: 'the downloaded file is not a video' })
    expect((await cache.lookUp(digestOf('fox'))).record).toBeNull()
  })

  it('evicts the least recently used entries once the videos exceed maxBytes', async () => {
    const dir = await makeTempDir('cache-unit-lru-')
    const clock = new FakeClock()
    const cache = new ResultCache(dir, { cacheMaxBytes: 2500 }, clock)
    await storeVideo(cache, digestOf('a'), 'task-a')
    clock.time += 1000
    await storeVideo(cache, digestOf('b'), 'task-b')
    clock.time += 1000
    expect((await cache.lookUp(digestOf('a'))).record?.taskId).toBe('task-a')
    clock.time += 1000
    await storeVideo(cache, digestOf('c'), 'task-c')
    expect((await cache.lookUp(digestOf('b'))).record).toBeNull()
    expect((await cache.lookUp(digestOf('a'))).record?.taskId).toBe('task-a')
    expect((await cache.lookUp(digestOf('c'))).record?.taskId).toBe('task-c')
    expect(await readdir(join(dir, ROOT, 'videos'))).toHaveLength(2)
  })

  it('stays whole while two writers store the same request at once and readers look it up', async () => {
    const dir = await makeTempDir('cache-unit-race-')
    const left = new ResultCache(dir, {}, new FakeClock())
    const right = new ResultCache(dir, {}, new FakeClock())
    const digest = digestOf('fox')
    const written = new Map<string, Buffer>()
    const writes = Array.from({ length: 12 }, (_, i) => {
      const video = fakeVideo(4000 + i)
      written.set(`task-${i}`, video)
      return storeVideo(i % 2 === 0 ? left : right, digest, `task-${i}`, video)
    })
    const reads = Array.from({ length: 12 }, async () => {
      const found = await left.lookUp(digest)
      return found.record?.taskId ?? null
    })
    await Promise.all([...writes, ...reads])
    const found = await right.lookUp(digest)
    expect(found.record).not.toBeNull()
    const out = join(dir, 'out.mp4')
    const copy = await right.deliver(found.record!, out)
    expect(copy.ok).toBe(true)
    expect((await readFile(out)).equals(written.get(found.record!.taskId)!)).toBe(true)
    expect(await readdir(join(dir, ROOT, 'records'))).toEqual([`${digest}.json`])
  })

  it('never follows a symbolic link out of the folder: a linked video or videos folder is a miss', async () => {
    const dir = await makeTempDir('cache-unit-link-')
    const outside = await makeTempDir('cache-unit-outside-')
    const cache = new ResultCache(dir, {}, new FakeClock())
    const video = await storeVideo(cache, digestOf('fox'), 'task-fox')
    const videos = join(dir, ROOT, 'videos')
    const [name] = await readdir(videos)
    await writeFile(join(outside, 'secret.mp4'), video)
    await rm(join(videos, name))
    await symlink(join(outside, 'secret.mp4'), join(videos, name))
    expect((await cache.lookUp(digestOf('fox'))).record).toBeNull()

    await rm(videos, { recursive: true })
    await mkdir(join(outside, 'videos'))
    await writeFile(join(outside, 'videos', name), video)
    await symlink(join(outside, 'videos'), videos)
    expect(await cache.lookUp(digestOf('fox'))).toEqual({
      record: null,
      reason: expect.stringMatching(/symbolic link/)
    })
    await expect(cache.incomingPath()).rejects.toThrow(/symbolic link/)
    expect(await readdir(join(outside, 'videos'))).toEqual([name])
  })

  it('removes the video an entry had once the entry is replaced', async () => {
    const dir = await makeTempDir('cache-unit-replace-')
    const cache = new ResultCache(dir, { cacheMode: 'refresh' }, new FakeClock())
    await storeVideo(cache, digestOf('fox'), 'task-1')
    await storeVideo(cache, digestOf('hare'), 'task-2')
    const replacement = await storeVideo(cache, digestOf('fox'), 'task-3')
    const videos = await readdir(join(dir, ROOT, 'videos'))
    expect(videos).toHaveLength(2)
    const found = await new ResultCache(dir, {}, new FakeClock()).lookUp(digestOf('fox'))
    const out = join(dir, 'fox.mp4')
    await cache.deliver(found.record!, out)
    expect((await readFile(out)).equals(replacement)).toBe(true)
  })
})
