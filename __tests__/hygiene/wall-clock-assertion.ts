/**
 * Finds assertions on real elapsed time in a test file's source: a test that passes only
 * when the machine is fast enough fails on a busy runner, and one that passes however long
 * things take proves nothing. Tests assert on what the code did instead (a FakeClock's
 * time and sleeps, request counts, the order of events, the signals a runner sent).
 *
 * Static and deliberately simple: a name is "real time" when it is assigned a difference
 * involving a real clock read, or is one of the runner emulator's measured durations; an
 * assertion (`expect(`, `check(`, `assert`) is flagged when, within its first lines, it
 * compares such a name, or reads a real clock itself, with an ordering matcher or operator,
 * or subtracts a real timestamp.
 */

const CLOCK_READ = /\bDate\.now\(\)|\bperformance\.now\(\)|\bprocess\.hrtime\b/
/** Real durations the runner emulator (scripts/emulate-runner.mjs) measures. */
const MEASURED_FIELDS = ['durationMs', 'exitedAfterSignalMs', 'signalledAtMs', 'spawnedAt']
/** A run's own elapsed time is real unless the file runs it on a FakeClock. */
const RUN_ELAPSED = 'elapsedMs'
/**
 * A watcher's `detectedAt` is a real timestamp when the watch runs on the system clock:
 * its order against another is an event order, its difference a measured duration. (The
 * simulator's `terminalAtMs` is planned, creation plus duration, so its differences are exact.)
 */
const TIMESTAMP_DIFFERENCE = /\bdetectedAt\b[^,;]*\s-\s|\s-\s[\w.?]*\bdetectedAt\b/
const DERIVED = /(?:\b(?:const|let|var)\s+)?\b([A-Za-z_$][\w$]*)\s*[:=]\s*([^;\n]*)/g
const ASSERTION = /\bexpect\(|\bcheck\(|\bassert(?:\.\w+)?\(/
const COMPARISON = /\.toBe(?:Less|Greater)Than(?:OrEqual)?\(|\.toBeCloseTo\(|[^=!<>]\s(?:<=?|>=?)\s/
/** Lines of a multi-line assertion looked at, at most, from its first. */
const ASSERTION_LINES = 3

export interface WallClockAssertion {
  line: number
  text: string
}

/** Names the source assigns a real elapsed time (`x = Date.now() - started`). */
function realTimeNames(source: string): Set<string> {
  const names = new Set(MEASURED_FIELDS)
  if (!source.includes('FakeClock')) names.add(RUN_ELAPSED)
  for (const [, name, value] of source.matchAll(DERIVED)) {
    if (CLOCK_READ.test(value) && value.includes('-')) names.add(name)
  }
  return names
}

/** The assertion starting at `index`: up to where its brackets close, within ASSERTION_LINES. */
function assertionText(lines: string[], index: number): string {
  let depth = 0
  const taken: string[] = []
  for (const line of lines.slice(index, index + ASSERTION_LINES)) {
    taken.push(line)
    depth += (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length
    if (depth <= 0) break
  }
  return taken.join('\n')
}

export function findWallClockAssertions(source: string): WallClockAssertion[] {
  const names = [...realTimeNames(source)]
  const mentions = new RegExp(`\\b(?:${names.map(n => n.replace(/\$/g, '\\$')).join('|')})\\b`)
  const lines = source.split('\n')
  const found: WallClockAssertion[] = []
  lines.forEach((text, index) => {
    if (!ASSERTION.test(text)) return
    const window = assertionText(lines, index)
    const readsTime = CLOCK_READ.test(window) || mentions.test(window)
    if ((readsTime && COMPARISON.test(window)) || TIMESTAMP_DIFFERENCE.test(window)) {
      found.push({ line: index + 1, text: text.trim() })
    }
  })
  return found
}
