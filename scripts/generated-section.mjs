// The generated part of a doc: the text between a start and an end marker, which the doc
// scripts (crash-safety-report, fault-matrix-report, bench-tables) own while the prose
// around it stays hand-written. One implementation so they all agree on the marker
// layout, the formatting and what `--check` means.
import { readFileSync, writeFileSync } from 'node:fs'
import { format, resolveConfig } from 'prettier'

/**
 * Puts `body` between `start` and `end` in the doc at `path`. With `check`, writes nothing
 * and, when the doc differs, prints `staleMessage` and sets a failing exit code; without
 * it, rewrites a doc that differs. `startPattern` finds a start marker whose wording may
 * have changed (default: `start` itself). Returns whether the doc differed.
 */
export async function updateGeneratedSection({
  path,
  start,
  end,
  body,
  check,
  staleMessage,
  startPattern
}) {
  const doc = readFileSync(path, 'utf8')
  const from = startPattern === undefined ? doc.indexOf(start) : doc.search(startPattern)
  const to = doc.indexOf(end)
  if (from < 0 || to < from) throw new Error(`${path} has no ${start} ... ${end} markers`)
  // Formatted as `npm run format` would, so format:check and --check agree.
  const next = await format(`${doc.slice(0, from)}${start}\n\n${body}\n\n${doc.slice(to)}`, {
    ...(await resolveConfig(path)),
    filepath: path
  })
  if (next === doc) return false
  if (check) {
    console.error(staleMessage)
    process.exitCode = 1
  } else {
    writeFileSync(path, next)
  }
  return true
}
