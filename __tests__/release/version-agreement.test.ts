import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../../__fixtures__/runner.js'
import { BIN, buildCli } from '../cli/cli-process.js'

const exec = promisify(execFile)

async function json(
  file: string
): Promise<{ version: string; packages?: Record<string, { version?: string }> }> {
  return JSON.parse(await readFile(join(REPO_ROOT, file), 'utf8')) as {
    version: string
    packages?: Record<string, { version?: string }>
  }
}

describe('the version', () => {
  it('is the same in package.json, the lock file, the newest CHANGELOG release and the bundled CLI', async () => {
    const { version } = await json('package.json')
    const lock = await json('package-lock.json')
    const changelog = await readFile(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8')
    const newest = /^## \[(\d+\.\d+\.\d+[^\]]*)\] - \d{4}-\d{2}-\d{2}$/m.exec(changelog)?.[1]
    await buildCli()
    const { stdout } = await exec(process.execPath, [BIN, '--version'], {
      env: { ...process.env, NODE_OPTIONS: '' }
    })

    expect({
      lock: lock.version,
      lockRoot: lock.packages?.['']?.version,
      changelog: newest,
      cli: stdout.trim()
    }).toEqual({ lock: version, lockRoot: version, changelog: version, cli: version })
    // Its compare link is there too, so the release notes can be found.
    expect(changelog).toContain(`[${version}]: https://github.com/org/aivideomaker-action/`)
  })
})
