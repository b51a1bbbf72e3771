import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

interface Entry {
  digest: string
  usedAt: number
  sha256: string
  bytes: number
}

/**
 * Removes entries, least recently used first (a record's modification time is its last
 * use), until the videos of the remaining entries fit in `maxBytes`. The entry just
 * stored (`keep`) stays even when it alone is larger. A video goes only when no
 * remaining record names it. A concurrent writer loses at worst an entry (a later miss),
 * never gets a record whose video is another's: videos are named by their digest.
 */
export async function evictLeastRecentlyUsed(
  root: string,
  maxBytes: number,
  keep: string
): Promise<void> {
  const entries = await listEntries(join(root, 'records'))
  const videoBytes = new Map(entries.map(entry => [entry.sha256, entry.bytes]))
  let total = [...videoBytes.values()].reduce((sum, bytes) => sum + bytes, 0)
  const remaining = [...entries]
  const oldestFirst = [...entries]
    .filter(entry => entry.digest !== keep)
    .sort((a, b) => a.usedAt - b.usedAt || (a.digest < b.digest ? -1 : 1))
  for (const entry of oldestFirst) {
    if (total <= maxBytes) break
    await rm(join(root, 'records', `${entry.digest}.json`), { force: true })
    remaining.splice(remaining.indexOf(entry), 1)
    if (!remaining.some(other => other.sha256 === entry.sha256)) {
      await rm(join(root, 'videos', `${entry.sha256}.mp4`), { force: true })
      total -= entry.bytes
    }
  }
}

/**
 * Removes the video `sha256` when no record names it any more: the video an entry had
 * before it was replaced (a refresh, a corrupt entry rendered again), so replacing
 * entries does not grow the folder.
 */
export async function removeUnreferencedVideo(root: string, sha256: string): Promise<void> {
  const entries = await listEntries(join(root, 'records'))
  if (entries.some(entry => entry.sha256 === sha256)) return
  await rm(join(root, 'videos', `${sha256}.mp4`), { force: true })
}

/** Every readable record; one that vanished or does not parse is left out (it is a miss anyway). */
async function listEntries(dir: string): Promise<Entry[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  const entries: Entry[] = []
  for (const name of names) {
    const match = /^([0-9a-f]{64})\.json$/.exec(name)
    if (match === null) continue
    try {
      const path = join(dir, name)
      const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')])
      const video = (JSON.parse(text) as { video?: { sha256?: unknown; bytes?: unknown } }).video
      if (typeof video?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(video.sha256)) continue
      if (typeof video.bytes !== 'number' || !Number.isFinite(video.bytes)) continue
      entries.push({
        digest: match[1],
        usedAt: info.mtimeMs,
        sha256: video.sha256,
        bytes: video.bytes
      })
    } catch {
      // Removed by another writer meanwhile, or unreadable: nothing to count.
    }
  }
  return entries
}
