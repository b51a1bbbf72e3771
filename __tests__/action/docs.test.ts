import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { Inputs, Outputs } from '../../src/action/constants.js'
import { REPO_ROOT } from '../../__fixtures__/runner.js'

interface ActionYml {
  name: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: Record<string, string>
}

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8')
const action = parseYaml(read('action.yml')) as ActionYml

/** Rows of the first Markdown table in `text` whose header's first cell is `first`. */
function tableRows(text: string, first: string): string[][] {
  const lines = text.split('\n')
  const start = lines.findIndex(line => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(line))
  if (start < 0) throw new Error(`no table headed "${first}"`)
  const rows: string[][] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim())
    )
  }
  return rows
}

/** `name` from a cell holding exactly one code span. */
function codeName(cell: string): string {
  const match = /^`([^`]+)`$/.exec(cell)
  if (match === null) throw new Error(`expected one \`name\` in "${cell}"`)
  return match[1]
}

function readmeSection(name: string): string {
  const readme = read('README.md')
  const start = readme.indexOf(`<!-- section:${name} -->`)
  const end = readme.indexOf(`<!-- /section:${name} -->`)
  if (start < 0 || end < start) throw new Error(`README has no ${name} section`)
  return readme.slice(start, end)
}

/** The `with:` of the README's one `uses:` block, as YAML reads it. */
function usageInputs(): Record<string, unknown> {
  const block = /```yaml\n([\s\S]*?)```/.exec(readmeSection('usage'))
  if (block === null) throw new Error('the usage section has no yaml block')
  const steps = parseYaml(block[1]) as { uses: string; with: Record<string, unknown> }[]
  expect(steps).toHaveLength(1)
  // The major tag of the version package.json gives (scripts/bump-version.mjs moves it).
  const major = (JSON.parse(read('package.json')) as { version: string }).version.split('.')[0]
  expect(steps[0].uses).toBe(`org/aivideomaker-action@v${major}`)
  return steps[0].with
}

describe('action.yml', () => {
  it('runs on node24 with a post step that always runs', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()'
    })
    expect(action.branding).toEqual({ icon: 'video', color: 'purple' })
  })

  it('declares exactly the inputs and outputs the code reads and writes', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort())
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort())
  })

  it('describes every input and output', () => {
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(spec.description.length).toBeGreaterThan(10)
    }
  })

  it('leaves the default empty for inputs that fall back to env, and says so', () => {
    for (const name of ['api-key', 'base-url', 'request-timeout-ms', 'max-retries']) {
      expect(action.inputs[name].default).toBeUndefined()
      expect(action.inputs[name].description).toMatch(/env AIVIDEO_/)
    }
  })
})

describe('README', () => {
  const readme = read('README.md')

  it('lists every input of action.yml in its uses: block, with the same default', () => {
    const inputs = usageInputs()
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      expect([name, String(inputs[name])]).toEqual([name, spec.default ?? ''])
    }
  })

  it('lists the same outputs as action.yml', () => {
    const names = tableRows(readmeSection('usage'), 'output').map(([name]) => codeName(name))
    expect(names.sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('stays a first page: at most 20 KB, no table line over 200 characters, the two set-up commands', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024)
    const wide = readme.split('\n').filter(line => line.startsWith('|') && line.length > 200)
    expect(wide).toEqual([])
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toMatch(/^npm test\b/m)
  })

  it('links only to files that exist', () => {
    const targets = [...readme.matchAll(/\]\(((?!https?:|#)[^)#]+)(#[^)]*)?\)/g)].map(m => m[1])
    expect(targets.length).toBeGreaterThan(10)
    for (const target of targets)
      expect([target, existsSync(join(REPO_ROOT, target))]).toEqual([target, true])
  })
})

describe('docs/action.md', () => {
  const page = read('docs/action.md')

  it('lists the same inputs as action.yml, with the same defaults', () => {
    const rows = tableRows(page, 'input')
    const listed = new Map(rows.map(([name, fallback]) => [codeName(name), fallback]))
    expect([...listed.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      const cell = listed.get(name) ?? ''
      if (spec.default !== undefined) expect(cell).toBe(`\`${spec.default}\``)
      else expect(cell === '' || cell.startsWith('env `AIVIDEO_')).toBe(true)
    }
  })

  it('lists the same outputs as action.yml', () => {
    const names = tableRows(page, 'output').map(([name]) => codeName(name))
    expect(names.sort()).toEqual(Object.keys(action.outputs).sort())
  })
})

describe('docs/troubleshooting.md', () => {
  it('gives every error code a row', async () => {
    const { ERROR_CODES } = await import('../../src/core/api/error-codes.js')
    const page = read('docs/troubleshooting.md')
    const names = tableRows(page, 'errorCode').map(([name]) => codeName(name))
    expect(names.sort()).toEqual([...ERROR_CODES].sort())
  })
})

describe('.env.example', () => {
  it('names only declared inputs, the way the runner spells them, and holds no real key', () => {
    const lines = read('.env.example')
      .split('\n')
      .filter(line => /^[A-Z]/.test(line))
    const declared = new Set(Object.keys(action.inputs).map(name => `INPUT_${name.toUpperCase()}`))
    const inputs = lines.filter(line => line.startsWith('INPUT_')).map(line => line.split('=')[0])
    expect(inputs.length).toBeGreaterThan(5)
    for (const name of inputs) expect(declared).toContain(name)
    expect(read('.env.example')).toMatch(/^INPUT_API-KEY=$/m)
  })
})
