/**
 * Names that mean the same thing across models: copying one model's body to
 * another is the most common cause of INVALID_PAYLOAD.
 */
export const FIELD_ALIASES: readonly (readonly string[])[] = [
  ['prompt', 'content', 'text'],
  ['image', 'imageUrl', 'img', 'firstFrame', 'firstFrameUrl'],
  ['lastFrameUrl', 'lastFrame', 'endFrame', 'lastImage'],
  ['aspectRatio', 'ratio'],
  ['video', 'videoUrl', 'referenceVideoUrl'],
  ['audio', 'audioUrl', 'referenceAudioUrls'],
  ['referenceImageUrls', 'referenceImages', 'images']
]

/**
 * The candidates the caller most likely meant: the same name ignoring case, `_` and
 * `-`; a known alias; the one name it begins (with any name one edit away); or the nearest by a small edit distance
 * (several when tied, e.g. "t2v3" -> t2v, t2v_v3). Empty when nothing is close, or
 * when `input` is blank or longer than 64 characters. `aliases` defaults to none.
 */
export function suggestNames(
  input: string,
  candidates: readonly string[],
  aliases: readonly (readonly string[])[] = []
): string[] {
  const target = normalizeName(input)
  if (target === '' || target.length > 64) return []
  const exact = candidates.filter(c => normalizeName(c) === target)
  if (exact.length > 0) return exact
  const group = aliases.find(names => names.some(n => normalizeName(n) === target))
  const aliased = candidates.filter(c => group?.includes(c))
  if (aliased.length > 0) return aliased
  const prefixed = candidates.filter(c => target.length >= 3 && normalizeName(c).startsWith(target))
  const distances = candidates.map(c => editDistance(target, normalizeName(c)))
  // A name one typo away is as likely as the one the input begins ("t2vv": t2v and t2v_v3).
  if (prefixed.length === 1)
    return candidates.filter((c, i) => prefixed.includes(c) || distances[i] <= 1)
  const best = Math.min(...distances)
  if (best > (target.length <= 4 ? 1 : 2)) return []
  return candidates.filter((_, i) => distances[i] === best)
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '')
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]
}
