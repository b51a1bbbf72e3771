import { describe, expect, it } from '@jest/globals'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { REPO_ROOT } from '../../__fixtures__/runner.js'

/** The pages a user copies commands from, with the CLI's own help. */
async function pages(): Promise<{ page: string; text: string }[]> {
  const docs = (await readdir(join(REPO_ROOT, 'docs'))).filter(f => f.endsWith('.md'))
  const names = ['README.md', 'CONTRIBUTING.md', 'src/cli/help.ts', ...docs.map(f => `docs/${f}`)]
  return Promise.all(
    names.map(async page => ({ page, text: await readFile(join(REPO_ROOT, page), 'utf8') }))
  )
}

describe('the install and run commands users copy', () => {
  it("never run a bare npx aivideomaker, which would fetch a stranger's package of that name", async () => {
    let named = 0
    for (const { page, text } of await pages()) {
      const bare = text.split('\n').filter(line => /\bnpx\s+(?:--\S+\s+)*aivideomaker/.test(line))
      expect([page, bare]).toEqual([page, []])
      named += text.split('npx -p aivideomaker-action aivideomaker').length - 1
    }
    expect(named).toBeGreaterThanOrEqual(10)
  })

  it('say how to install before the package is published, in the README, cli.md and library.md', async () => {
    const all = await pages()
    for (const page of ['README.md', 'docs/cli.md', 'docs/library.md']) {
      const text = all.find(p => p.page === page)?.text ?? ''
      expect([page, text]).toEqual([
        page,
        expect.stringContaining('npm install github:org/aivideomaker-action#v')
      ])
    }
  })
})
