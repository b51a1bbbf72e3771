import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ERROR_CODES } from '../../src/core/api/error-codes.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { API_KEY, ROOT, runScript, useCliSimulator, envelopeOf } from '../cli/cli-process.js'
import { SKILL_DIR, buildSkillCli, copySkillFolder } from './skill-folder.js'

const skillText = readFileSync(join(SKILL_DIR, 'SKILL.md'), 'utf8')
const examplesText = readFileSync(join(SKILL_DIR, 'references', 'examples.md'), 'utf8')

/** The SKILL.md frontmatter and its body. */
function splitSkill(): { front: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(skillText)
  if (match === null) throw new Error('SKILL.md does not start with a --- frontmatter block')
  return { front: parseYaml(match[1]) as Record<string, unknown>, body: match[2] }
}

/** `node scripts/run-workflow.mjs ...` lines of the ```sh blocks of `text`, comments cut. */
function commandLines(text: string): string[] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1])
  return blocks
    .flatMap(block => block.split('\n'))
    .map(line => line.replace(/\s+#.*$/, '').trim())
    .filter(line => line.startsWith('node scripts/run-workflow.mjs'))
}

/** A command line's arguments after the script: words, and '...' quoted as one. */
function argumentsOf(line: string): string[] {
  const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map(m => m[1] ?? m[2])
  return words.slice(2)
}

describe('skills/aivideomaker/SKILL.md', () => {
  it('has the frontmatter of the open skills specification, named as its folder', () => {
    const { front } = splitSkill()
    const allowed = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']
    expect(Object.keys(front).filter(key => !allowed.includes(key))).toEqual([])
    expect(front.name).toBe('aivideomaker')
    expect(String(front.name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    expect(typeof front.description).toBe('string')
    expect(String(front.description).length).toBeGreaterThan(0)
    expect(String(front.description).length).toBeLessThanOrEqual(1024)
    expect(String(front.compatibility).length).toBeLessThanOrEqual(500)
  })

  it('says what to do for every error code', () => {
    const { body } = splitSkill()
    const table = body.slice(body.indexOf('## Error codes'))
    expect(ERROR_CODES.filter(code => !table.includes(`\`${code}\``))).toEqual([])
  })

  it('links only to references that exist, and keeps the body short', () => {
    const { body } = splitSkill()
    const links = [...body.matchAll(/\]\((references\/[^)]+)\)/g)].map(m => m[1])
    expect(links.length).toBeGreaterThan(0)
    for (const link of links)
      expect(readFileSync(join(SKILL_DIR, link), 'utf8').length).toBeGreaterThan(0)
    expect(body.split('\n').length).toBeLessThan(500)
  })

  it('shows only commands the CLI accepts (with the placeholders filled in)', () => {
    const lines = [...commandLines(skillText), ...commandLines(examplesText)]
    expect(lines.length).toBeGreaterThan(10)
    for (const line of lines) {
      const args = argumentsOf(line.replace(/<taskId>/g, 'ck123'))
      // --cache-dir (issue 18) lands beside this face: until the CLI knows it, it must be the
      // one flag the CLI refuses; once it does, the line parses like every other.
      if (args.includes('--cache-dir') && !ACCEPTS_CACHE_DIR) {
        expect(() => parseCliArgs(args)).toThrow(/unknown flag --cache-dir/)
        continue
      }
      expect(() => parseCliArgs(args)).not.toThrow()
    }
  })
})

const ACCEPTS_CACHE_DIR = (() => {
  try {
    parseCliArgs(['--model', 't2v', '--payload', '{}', '--cache-dir', 'c'])
    return true
  } catch {
    return false
  }
})()

describe('skills/aivideomaker/references/api-reference.md', () => {
  it('is what scripts/skill-doc.mjs generates from the CLI, the schemas and the advice today', () => {
    const out = execFileSync(process.execPath, ['scripts/skill-doc.mjs', '--check'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    expect(out).toContain('matches the CLI and the schemas')
  })
})

describe('references/examples.md, run from a copy of the skill folder alone', () => {
  // Eleven CLI runs, most waiting for a task (polled at the CLI's default 5 s interval).
  // Tasks outlast example 8's 1 s deadline (SUBMITTED for 1.5 s) and finish at 2.5 s.
  const sim = useCliSimulator({ submittedMs: 1500, totalMs: 2500 })
  let skill: string

  beforeAll(async () => {
    await buildSkillCli()
    skill = await copySkillFolder()
  })

  it('every example gives the documented exit code, ok, status and errorCode', async () => {
    const jobs = /`jobs\.json`: `([^`]+)`/.exec(examplesText)?.[1]
    expect(jobs).toBeDefined()
    await writeFile(join(skill, 'jobs.json'), jobs ?? '')
    const pairs = [
      ...examplesText.matchAll(/```sh\n([^\n]+)\n```([\s\S]*?)```json\n([\s\S]*?)```/g)
    ]
    expect(pairs.length).toBe(11)
    let taskId = ''
    for (const [, line, between, json] of pairs) {
      const documented = JSON.parse(json) as Record<string, unknown>
      const exit = /Exit (\d)/.exec(between)?.[1]
      const args = argumentsOf(line.replace(/<taskId>/g, taskId))
      const result = await runScript(args, {
        cwd: skill,
        script: join(skill, 'scripts', 'run-workflow.mjs'),
        env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }
      })
      const envelope = envelopeOf(result.stdout)
      const seen = {
        line,
        code: result.code,
        ok: envelope.ok,
        status: envelope.status,
        errorCode: envelope.errorCode
      }
      expect(seen).toEqual({
        line,
        code: exit === undefined ? (documented.ok ? 0 : 1) : Number(exit),
        ok: documented.ok,
        status: documented.status,
        errorCode: documented.errorCode
      })
      expectDocumentedData(documented.data, envelope.data, line)
      if (envelope.taskId !== null) taskId = envelope.taskId
    }
  }, 180_000)
})

/** Every value the example shows is there: `…` stands for any value of a key that exists. */
function expectDocumentedData(documented: unknown, actual: unknown, where: string): void {
  if (documented === null) return expect([where, actual]).toEqual([where, null])
  if (typeof documented === 'string' && documented.includes('…')) return
  if (Array.isArray(documented))
    return expect([where, Array.isArray(actual)]).toEqual([where, true])
  if (typeof documented !== 'object') return expect([where, actual]).toEqual([where, documented])
  for (const [key, value] of Object.entries(documented)) {
    if (key === '…') continue
    expect([where, key, typeof actual === 'object' && actual !== null && key in actual]).toEqual([
      where,
      key,
      true
    ])
    expectDocumentedData(value, (actual as Record<string, unknown>)[key], `${where} data.${key}`)
  }
}
