// Prints one version's section of CHANGELOG.md (Keep a Changelog form), without its heading:
// the release workflow uses it as the GitHub release's notes.
//
//   node scripts/changelog-section.mjs 1.2.0 [CHANGELOG.md]
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The body of `## [version]` (up to the next `## ` heading or the link list), or null. */
export function changelogSection(text, version) {
  const lines = text.split(/\r?\n/)
  const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) return null
  const rest = lines.slice(start + 1)
  const end = rest.findIndex(line => /^## /.test(line) || /^\[[^\]]+\]: /.test(line))
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim()
  return body === '' ? null : body
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  if (!version) {
    process.stderr.write('usage: node scripts/changelog-section.mjs <version> [CHANGELOG.md]\n')
    process.exit(2)
  }
  const section = changelogSection(readFileSync(file, 'utf8'), version.replace(/^v/, ''))
  if (section === null) {
    process.stderr.write(`${file} has no non-empty section "## [${version}]"\n`)
    process.exit(1)
  }
  process.stdout.write(`${section}\n`)
}
