import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { lstat, mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Clock } from '../time/clock.js'
import type { Envelope } from '../api/envelope.js'
import { SIGNATURE_BYTES, isVideoContainer } from '../tasks/video-signature.js'
import { RECORD_FORMAT, parseCacheRecord } from './cache-record.js'
import { evictLeastRecentlyUsed, removeUnreferencedVideo } from './cache-eviction.js'
import type { CacheMode, CacheOptions, CacheRecord } from './types.js'

/** Bumped when the folder's layout changes: an older layout is then simply not read. */
const LAYOUT = 'aivideomaker-cache-v1'

/** The cache's sub-folders: records, videos, and videos on their way in. */
const FOLDERS = ['records', 'videos', 'incoming'] as const

const LINKED_FOLDER = 'the cache folder holds a symbolic link or a file where a folder belongs'

export type CacheLookup = { record: CacheRecord } | { record: null; reason: string }

export type CacheStore = { ok: true; record: CacheRecord } | { ok: false; reason: string }

export type CacheDelivery =
  { ok: true; path: string; bytes: number } | { ok: false; corrupt: boolean; reason: string }

/** What a finished run hands the cache besides its video. */
export interface StoredRun {
  taskId: string
  model: string
  envelope: Envelope<unknown>
  task: unknown
}

/**
 * The content-addressed result cache in one folder:
 * `records/<digest>.json` (what the run returned) and `videos/<sha256>.mp4` (the video,
 * named by its own digest). Every write goes to a fresh temporary name and is renamed
 * into place, videos before records, so a reader sees a whole entry or none, and two
 * writers (matrix legs sharing the folder) can only replace a whole entry with another
 * whole entry. Anything partial, corrupt or mismatched is a miss, and is replaced.
 */
export class ResultCache {
  readonly mode: CacheMode
  private readonly root: string
  private readonly maxBytes: number | undefined

  constructor(
    dir: string,
    options: Omit<CacheOptions, 'cacheDir'>,
    private readonly clock: Clock
  ) {
    this.mode = options.cacheMode ?? 'read-write'
    this.maxBytes = options.cacheMaxBytes
    this.root = join(dir, LAYOUT)
  }

  /** The cache `options` ask for, or null without `cacheDir`. */
  static open(options: CacheOptions, clock: Clock): ResultCache | null {
    return options.cacheDir === undefined ? null : new ResultCache(options.cacheDir, options, clock)
  }

  /** False in `refresh` mode: every request is rendered again. */
  get isReadable(): boolean {
    return this.mode !== 'refresh'
  }

  /** False in `read-only` mode. */
  get isWritable(): boolean {
    return this.mode !== 'read-only'
  }

  /**
   * The entry of `digest` when it is whole: its record parses, and its video has the
   * size and sha256 the record says and is a video container. A hit counts as a use
   * for the least-recently-used eviction.
   */
  async lookUp(digest: string): Promise<CacheLookup> {
    if (await this.hasLinkedFolder()) return { record: null, reason: LINKED_FOLDER }
    const recordPath = this.recordPath(digest)
    const text = await readFile(recordPath, 'utf8').catch(() => null)
    if (text === null) return { record: null, reason: 'no entry for this request' }
    const record = parseCacheRecord(text, digest)
    if (record === null) return { record: null, reason: 'its entry is unreadable' }
    const video = await hashFile(this.videoPath(record.video.sha256))
    if (
      video === null ||
      video.sha256 !== record.video.sha256 ||
      video.bytes !== record.video.bytes ||
      !video.isVideo
    ) {
      return { record: null, reason: "its entry's video is missing or does not match its record" }
    }
    await this.touch(recordPath)
    return { record }
  }

  /** A fresh path for a video on its way into the cache (handed to the download). */
  async incomingPath(): Promise<string> {
    if (await this.hasLinkedFolder()) throw new Error(LINKED_FOLDER)
    const incoming = join(this.root, 'incoming')
    await mkdir(incoming, { recursive: true })
    return join(incoming, `${randomUUID()}.mp4`)
  }

  /**
   * Moves the video at `incoming` (from `incomingPath`) into the cache and writes the
   * entry's record, replacing an older one; then evicts down to `maxBytes`. Never
   * throws: a cache that cannot be written is reported, and the run goes on.
   */
  async store(digest: string, incoming: string, run: StoredRun): Promise<CacheStore> {
    try {
      const video = await hashFile(incoming)
      if (video === null || !video.isVideo) {
        return { ok: false, reason: 'the downloaded file is not a video' }
      }
      const replaced = await this.readRecord(digest)
      await mkdir(join(this.root, 'videos'), { recursive: true })
      await rename(incoming, this.videoPath(video.sha256))
      const record: CacheRecord = {
        format: RECORD_FORMAT,
        digest,
        storedAt: new Date(this.clock.now()).toISOString(),
        taskId: run.taskId,
        model: run.model,
        envelope: run.envelope,
        task: run.task,
        video: { sha256: video.sha256, bytes: video.bytes }
      }
      await writeAtomically(this.recordPath(digest), `${JSON.stringify(record, null, 2)}\n`)
      await this.touch(this.recordPath(digest))
      if (replaced !== null && replaced.video.sha256 !== video.sha256) {
        await removeUnreferencedVideo(this.root, replaced.video.sha256)
      }
      if (this.maxBytes !== undefined) {
        await evictLeastRecentlyUsed(this.root, this.maxBytes, digest)
      }
      return { ok: true, record }
    } catch (error) {
      return { ok: false, reason: `the cache folder could not be written (${describe(error)})` }
    } finally {
      await rm(incoming, { force: true })
    }
  }

  /**
   * Copies the entry's video to `destination` through a temporary file beside it,
   * checking its sha256 on the way, then renames it into place. `corrupt` says the
   * cache's copy is bad (a miss); otherwise the destination could not be written.
   */
  async deliver(record: CacheRecord, destination: string): Promise<CacheDelivery> {
    const temporary = join(
      dirname(destination),
      `.${basename(destination)}.${randomBytes(4).toString('hex')}.part`
    )
    try {
      await mkdir(dirname(destination), { recursive: true })
      const hash = createHash('sha256')
      let bytes = 0
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk)
          bytes += chunk.length
          done(null, chunk)
        }
      })
      const source = createReadStream(this.videoPath(record.video.sha256))
      try {
        await pipeline(source, tee, createWriteStream(temporary, { flags: 'wx' }))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).path === this.videoPath(record.video.sha256)) {
          return { ok: false, corrupt: true, reason: "the entry's video could not be read" }
        }
        throw error
      }
      if (hash.digest('hex') !== record.video.sha256 || bytes !== record.video.bytes) {
        return {
          ok: false,
          corrupt: true,
          reason: "the entry's video changed since it was checked"
        }
      }
      await rename(temporary, destination)
      return { ok: true, path: destination, bytes }
    } catch (error) {
      return { ok: false, corrupt: false, reason: describe(error) }
    } finally {
      await rm(temporary, { force: true })
    }
  }

  /**
   * Whether one of the cache's folders is a symbolic link (or not a folder). The folder
   * comes back from `actions/cache`, whose archive may hold links: followed, a read or a
   * write could leave the workspace. Such a cache is not used at all.
   */
  private async hasLinkedFolder(): Promise<boolean> {
    for (const path of [this.root, ...FOLDERS.map(folder => join(this.root, folder))]) {
      const info = await lstat(path).catch(() => null)
      if (info !== null && !info.isDirectory()) return true
    }
    return false
  }

  /** The entry's record as it stands (not checked against its video), or null. */
  private async readRecord(digest: string): Promise<CacheRecord | null> {
    const text = await readFile(this.recordPath(digest), 'utf8').catch(() => null)
    return text === null ? null : parseCacheRecord(text, digest)
  }

  private recordPath(digest: string): string {
    return join(this.root, 'records', `${digest}.json`)
  }

  private videoPath(sha256: string): string {
    return join(this.root, 'videos', `${sha256}.mp4`)
  }

  /** Marks an entry as used now: eviction removes the least recently used first. */
  private async touch(path: string): Promise<void> {
    const now = new Date(this.clock.now())
    await utimes(path, now, now).catch(() => undefined)
  }
}

/** A record goes to a temporary name and is renamed into place: never half-written. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temporary, text, { flag: 'wx' })
    await rename(temporary, path)
  } finally {
    await rm(temporary, { force: true })
  }
}

/** A file's sha256, size and whether it opens like a video; null when it cannot be read. */
async function hashFile(
  path: string
): Promise<{ sha256: string; bytes: number; isVideo: boolean } | null> {
  try {
    // lstat: a link in place of a video is refused, never followed out of the folder.
    const info = await lstat(path)
    if (!info.isFile()) return null
    const hash = createHash('sha256')
    let head = Buffer.alloc(0)
    let bytes = 0
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (head.length < SIGNATURE_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, SIGNATURE_BYTES)])
      hash.update(chunk)
      bytes += chunk.length
    }
    return { sha256: hash.digest('hex'), bytes, isVideo: isVideoContainer(head) }
  } catch {
    return null
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  return typeof code === 'string' ? code : message.split('\n')[0]
}
