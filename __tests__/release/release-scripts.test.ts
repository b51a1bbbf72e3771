import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const exec = promisify(execFile)
const COPIED = [
  'package.json',
  'package-lock.json',
  'CHANGELOG.md',
  'README.md',
  'docs/versions.md'
]

/** A temp copy of the files the release scripts read and write. */
async function repoCopy(): Promise<string> {
  const root = await makeTempDir('aivideo-release-')
  await mkdir(join(root, 'docs'))
  for (const file of COPIED) await copyFile(join(REPO_ROOT, file), join(root, file))
  return root
}

function script(name: string, args: string[]) {
  return exec(process.execPath, [join(REPO_ROOT, 'scripts', name), ...args])
}

async function failure(name: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await script(name, args)
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string }
    return { code, stderr }
  }
  throw new Error(`${name} ${args.join(' ')} succeeded`)
}

const CURRENT = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string
}
const [MAJOR, MINOR] = CURRENT.version.split('.').map(Number)
const NEXT_MINOR = `${MAJOR}.${MINOR + 1}.0`
const NEXT_MAJOR = `${MAJOR + 1}.0.0`

const json = async (path: string) =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>

describe('scripts/changelog-section.mjs', () => {
  it('prints the 1.0.0 section of CHANGELOG.md without its heading or the next one', async () => {
    const { stdout } = await script('changelog-section.mjs', ['v1.0.0'])
    expect(stdout.startsWith('### Added\n')).toBe(true)
    expect(stdout).toContain('GitHub Action')
    expect(stdout).not.toMatch(/^## |^\[1\.0\.0\]: /m)
  })

  it('fails, naming the version, when the section is missing', async () => {
    const { code, stderr } = await failure('changelog-section.mjs', ['9.9.9'])
    expect(code).toBe(1)
    expect(stderr).toContain('## [9.9.9]')
  })
})

describe('scripts/bump-version.mjs', () => {
  it('moves Unreleased to the new version in package.json, the lock file and CHANGELOG.md', async () => {
    const root = await repoCopy()
    const changelog = join(root, 'CHANGELOG.md')
    // Right after a release the repository's Unreleased section is empty: give the copy one.
    const original = await readFile(changelog, 'utf8')
    await writeFile(
      changelog,
      original.replace(
        '## [Unreleased]\n',
        '## [Unreleased]\n\n### Fixed\n\n- A change to release.\n'
      )
    )
    const unreleased = (await script('changelog-section.mjs', ['Unreleased', changelog])).stdout
    await script('bump-version.mjs', [NEXT_MINOR, '--date', '2026-12-01', '--root', root])

    expect((await json(join(root, 'package.json'))).version).toBe(NEXT_MINOR)
    const lock = await json(join(root, 'package-lock.json'))
    expect(lock.version).toBe(NEXT_MINOR)
    expect((lock.packages as Record<string, { version: string }>)[''].version).toBe(NEXT_MINOR)

    const text = await readFile(changelog, 'utf8')
    expect(text).toContain(`## [Unreleased]\n\n## [${NEXT_MINOR}] - 2026-12-01\n`)
    expect((await script('changelog-section.mjs', [NEXT_MINOR, changelog])).stdout).toBe(unreleased)
    expect(text).toContain(`/compare/v${NEXT_MINOR}...HEAD\n`)
    expect(text).toContain(`/compare/v${CURRENT.version}...v${NEXT_MINOR}\n`)
    // A minor release keeps the major tag users pin.
    expect(await readFile(join(root, 'docs/versions.md'), 'utf8')).toContain(
      `aivideomaker-action@v${MAJOR}`
    )
  })

  it('moves the major tag references on a major release', async () => {
    const root = await repoCopy()
    await script('bump-version.mjs', [NEXT_MAJOR, '--date', '2026-12-01', '--root', root])
    for (const file of ['README.md', 'docs/versions.md']) {
      const text = await readFile(join(root, file), 'utf8')
      expect(text).not.toMatch(new RegExp(`aivideomaker-action@v${MAJOR}(?![\\w.-])`))
      expect(text).toContain(`aivideomaker-action@v${MAJOR + 1}`)
    }
  })

  it('refuses a version that is not newer or not X.Y.Z, changing nothing', async () => {
    const root = await repoCopy()
    const before = await readFile(join(root, 'CHANGELOG.md'), 'utf8')
    expect(await failure('bump-version.mjs', [CURRENT.version, '--root', root])).toMatchObject({
      code: 1
    })
    expect((await failure('bump-version.mjs', ['1.2', '--root', root])).stderr).toContain(
      'not a version'
    )
    expect(await readFile(join(root, 'CHANGELOG.md'), 'utf8')).toBe(before)
    expect((await json(join(root, 'package.json'))).version).toBe(CURRENT.version)
  })
})
