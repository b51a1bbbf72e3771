import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REPO_ROOT } from '../../__fixtures__/runner.js'
import {
  DEFAULTS,
  SETTING_LIMITS,
  parseWholeNumber
} from '../../src/core/validation/setting-limits.js'
import { parseDuration } from '../../src/core/time/duration.js'
import { toolHelp } from '../../src/cli/help.js'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>
}

const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8')
const action = parseYaml(read('action.yml')) as ActionYml
const help = toolHelp().replace(/\s+/g, ' ')

/** The cell of `name`'s row in a markdown table whose first cell is `name` in backticks. */
function row(markdown: string, name: string): string {
  const line = markdown.split('\n').find(l => l.startsWith(`| \`${name}\``))
  if (line === undefined) throw new Error(`no table row for ${name}`)
  return line
}

describe('DEFAULTS', () => {
  it('spells each duration default as its milliseconds', () => {
    expect(parseDuration(DEFAULTS.waitTimeout)).toBe(DEFAULTS.waitTimeoutMs)
    expect(parseDuration(DEFAULTS.pollInterval)).toBe(DEFAULTS.pollIntervalMs)
  })

  it('lies inside every range it has', () => {
    const inside = (value: number, range: { min: number; max: number }): boolean =>
      value >= range.min && value <= range.max
    expect(inside(DEFAULTS.requestTimeoutMs, SETTING_LIMITS.requestTimeoutMs)).toBe(true)
    expect(inside(DEFAULTS.maxRetries, SETTING_LIMITS.maxRetries)).toBe(true)
    expect(inside(DEFAULTS.waitTimeoutMs, SETTING_LIMITS.waitTimeoutMs)).toBe(true)
    expect(inside(DEFAULTS.pollIntervalMs, SETTING_LIMITS.pollIntervalMs)).toBe(true)
    expect(inside(DEFAULTS.concurrency, SETTING_LIMITS.concurrency)).toBe(true)
  })
})

describe('action.yml says the defaults of the table', () => {
  it.each([
    ['wait-timeout', DEFAULTS.waitTimeout],
    ['poll-interval', DEFAULTS.pollInterval],
    ['concurrency', String(DEFAULTS.concurrency)],
    ['download-max-bytes', String(DEFAULTS.downloadMaxBytes)]
  ])('%s defaults to %s', (input, value) => {
    expect(action.inputs[input].default).toBe(value)
  })

  it.each([
    ['request-timeout-ms', DEFAULTS.requestTimeoutMs],
    ['max-retries', DEFAULTS.maxRetries]
  ])('%s falls back to %s after its environment variable', (input, value) => {
    expect(action.inputs[input].default).toBeUndefined()
    expect(action.inputs[input].description).toContain(`else ${value}.`)
  })
})

describe('--help says the defaults of the table', () => {
  it.each([
    ['--wait-timeout', `default ${DEFAULTS.waitTimeout}`],
    ['--poll-interval', `default ${DEFAULTS.pollInterval}`],
    ['--concurrency', `default ${DEFAULTS.concurrency}`],
    ['AIVIDEO_TIMEOUT_MS', `default ${DEFAULTS.requestTimeoutMs}`],
    ['AIVIDEO_MAX_RETRIES', `default ${DEFAULTS.maxRetries}`]
  ])('%s: %s', (flag, words) => {
    const from = help.indexOf(flag)
    expect(from).toBeGreaterThanOrEqual(0)
    expect(help.slice(from, from + 220)).toContain(words)
  })
})

describe('the docs say the defaults of the table', () => {
  const actionDocs = read('docs/action.md')
  const cliDocs = read('docs/cli.md')
  const libraryDocs = read('docs/library.md')

  it.each([
    ['wait-timeout', `\`${DEFAULTS.waitTimeout}\``],
    ['poll-interval', `\`${DEFAULTS.pollInterval}\``],
    ['concurrency', `\`${DEFAULTS.concurrency}\``],
    ['download-max-bytes', `\`${DEFAULTS.downloadMaxBytes}\``],
    ['request-timeout-ms', `\`${DEFAULTS.requestTimeoutMs}\``],
    ['max-retries', `\`${DEFAULTS.maxRetries}\``]
  ])('docs/action.md: %s defaults to %s', (input, value) => {
    expect(row(actionDocs, input).split('|')[2]).toContain(value)
  })

  it.each([
    ['--wait-timeout <duration>', `default \`${DEFAULTS.waitTimeout}\``],
    ['--concurrency <n>', `default \`${DEFAULTS.concurrency}\``],
    ['AIVIDEO_TIMEOUT_MS', `\`${DEFAULTS.requestTimeoutMs}\``]
  ])('docs/cli.md: %s says %s', (flag, words) => {
    expect(row(cliDocs, flag)).toContain(words)
  })

  it.each([
    ['timeoutMs', `\`${DEFAULTS.requestTimeoutMs}\``],
    ['maxRetries', `\`${DEFAULTS.maxRetries}\``]
  ])('docs/library.md: %s defaults to %s', (option, value) => {
    expect(row(libraryDocs, option).split('|')[2]).toContain(value)
  })
})

describe('parseWholeNumber', () => {
  it('reads decimal digits inside the range, blanks around them allowed', () => {
    expect(parseWholeNumber(' 20 ', SETTING_LIMITS.concurrency)).toBe(20)
    expect(parseWholeNumber('0')).toBe(0)
  })

  it.each(['21', '0', '-1', '1.5', '1e3', '0x10', '', ' ', '4 4'])(
    'refuses %j as a concurrency',
    text => {
      expect(parseWholeNumber(text, SETTING_LIMITS.concurrency)).toBeNull()
    }
  )

  it('refuses a number past the safe integers', () => {
    expect(parseWholeNumber('9007199254740993')).toBeNull()
  })
})
