// Bumps the version in one step: package.json and package-lock.json, CHANGELOG.md (the
// Unreleased section becomes the new version's, dated today, with its compare link), and
// the version references in README.md and docs/versions.md. docs/releasing.md says when.
//
//   node scripts/bump-version.mjs X.Y.Z [--date YYYY-MM-DD] [--root DIR]
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/

/** Files whose `owner/aivideomaker-action@vX` and `aivideomaker-action@X.Y.Z` references follow the version. */
const REFERENCE_FILES = ['README.md', 'docs/versions.md']

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function isNewer(next, current) {
  const a = SEMVER.exec(next).slice(1, 4).map(Number)
  const b = SEMVER.exec(current).slice(1, 4).map(Number)
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i]
  // Same X.Y.Z: only a release after its own pre-release is newer.
  return current.includes('-') && !next.includes('-')
}

/** CHANGELOG.md with `## [Unreleased]` moved to `## [next] - date` and the links updated. */
export function bumpChangelog(text, current, next, date) {
  if (!/^## \[Unreleased\]\s*$/m.test(text))
    throw new Error('CHANGELOG.md has no "## [Unreleased]" section')
  let out = text.replace(/^## \[Unreleased\]\s*$/m, `## [Unreleased]\n\n## [${next}] - ${date}`)
  const link = /^\[Unreleased\]: (.+)\/compare\/v[^.\s]+\.[^.\s]+\.[^.\s]+\.\.\.HEAD$/m.exec(out)
  if (link) {
    const base = link[1]
    out = out.replace(
      link[0],
      `[Unreleased]: ${base}/compare/v${next}...HEAD\n[${next}]: ${base}/compare/v${current}...v${next}`
    )
  }
  return out
}

/** A document with its references to `current` (the full version and the major tag) moved to `next`. */
export function bumpReferences(text, current, next) {
  const [curMajor, nextMajor] = [current, next].map(v => v.split('.')[0])
  let out = text.replace(
    new RegExp(`(aivideomaker-action@v?)${escape(current)}(?![\\w.-])`, 'g'),
    `$1${next}`
  )
  if (curMajor !== nextMajor) {
    out = out.replace(
      new RegExp(`(aivideomaker-action@)v${curMajor}(?![\\w.-])`, 'g'),
      `$1v${nextMajor}`
    )
  }
  return out
}

export function bumpVersion(root, next, date) {
  if (!SEMVER.test(next)) throw new Error(`"${next}" is not a version X.Y.Z`)
  const pkgPath = join(root, 'package.json')
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
  const current = pkg.version
  if (!isNewer(next, current)) throw new Error(`${next} is not newer than ${current}`)
  pkg.version = next
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`)
  const lockPath = join(root, 'package-lock.json')
  if (existsSync(lockPath)) {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
    lock.version = next
    if (lock.packages?.['']) lock.packages[''].version = next
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`)
  }
  const changelogPath = join(root, 'CHANGELOG.md')
  writeFileSync(
    changelogPath,
    bumpChangelog(readFileSync(changelogPath, 'utf8'), current, next, date)
  )
  for (const file of REFERENCE_FILES) {
    const path = join(root, file)
    if (existsSync(path))
      writeFileSync(path, bumpReferences(readFileSync(path, 'utf8'), current, next))
  }
  return current
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const option = name => {
    const at = args.indexOf(name)
    return at >= 0 ? args.splice(at, 2)[1] : undefined
  }
  const date = option('--date') ?? new Date().toISOString().slice(0, 10)
  const root = resolve(option('--root') ?? '.')
  const [next] = args
  if (!next || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    process.stderr.write(
      'usage: node scripts/bump-version.mjs X.Y.Z [--date YYYY-MM-DD] [--root DIR]\n'
    )
    process.exit(2)
  }
  try {
    const current = bumpVersion(root, next.replace(/^v/, ''), date)
    process.stdout.write(
      `${current} -> ${next.replace(/^v/, '')}: package.json, package-lock.json, CHANGELOG.md, ${REFERENCE_FILES.join(', ')}\n`
    )
  } catch (error) {
    process.stderr.write(`bump-version: ${error.message}\n`)
    process.exit(1)
  }
}
