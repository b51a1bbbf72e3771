import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { redactText, redactValue } from '../../src/core/http/secret-redaction.js'
import {
  buildActionBundle,
  removeActionBundle,
  runAction,
  simInputs
} from '../../__fixtures__/runner.js'
import { buildCli, runScript, T2V_PAYLOAD } from '../cli/cli-process.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { HYGIENE_KEY } from './hygiene-key.js'
import { findSecretLeaks, maskOrderProblem, secretForms } from './secret-scan.js'

/** The scanner and the redaction must agree on what a leak is, or the scan proves nothing. */

const KEY = HYGIENE_KEY
const base64 = (text: string): string => Buffer.from(text).toString('base64')

/** The key hidden in text the way a careless service or log line could carry it. */
const DISGUISES: [string, string][] = [
  ['raw', `key=${KEY}`],
  ['JSON', JSON.stringify({ key: KEY })],
  ['URL-encoded', `?key=${encodeURIComponent(KEY)}`],
  ['base64 alone', base64(KEY)],
  ['base64 after 1 byte', base64(`:${KEY}`)],
  ['base64 after 2 bytes', base64(`u:${KEY}`)],
  ['base64 in Basic auth', `Basic ${base64(`user:${KEY}`)}`],
  ['base64url', base64(`ab${KEY}`).replace(/\+/g, '-').replace(/\//g, '_')]
]

describe('findSecretLeaks', () => {
  it.each(DISGUISES)('finds the key %s', (_name, text) => {
    expect(findSecretLeaks([KEY], [{ where: 'text', content: text }])).toHaveLength(1)
  })

  it('finds it in a file (bytes) and names the place without showing the key', () => {
    const leaks = findSecretLeaks([KEY], [{ where: 'file a.txt', content: Buffer.from(KEY) }])

    expect(leaks).toEqual([`raw form of sk-h… (${KEY.length} chars) in file a.txt, byte 0`])
  })

  it('ignores short secrets, which would match ordinary words', () => {
    expect(findSecretLeaks(['abc'], [{ where: 'text', content: 'abc' }])).toEqual([])
  })

  it('has a form of at least 8 characters for every alignment of base64', () => {
    const labels = secretForms(KEY).map(form => form.label)
    for (const offset of [0, 1, 2]) expect(labels).toContain(`base64 (offset ${offset})`)
  })
})

describe('redactText and redactValue (src/core/http/secret-redaction.ts)', () => {
  it.each(DISGUISES)('leave no trace of the key %s', (_name, text) => {
    const redacted = redactText(text, [KEY])

    expect(redacted).toContain('***')
    expect(findSecretLeaks([KEY], [{ where: 'text', content: redacted }])).toEqual([])
  })

  it('redact every string and key of a nested value, leaving the rest alone', () => {
    const value = { [KEY]: [KEY, 1, null, { note: `x ${base64(KEY)}` }], ok: true }
    const redacted = redactValue(value, [KEY])

    // The last base64 group mixes in padding: it stays, and cannot give the key back.
    expect(redacted).toEqual({
      '***': ['***', 1, null, { note: expect.stringMatching(/^x \*\*\*.{0,4}$/) }],
      ok: true
    })
    expect(findSecretLeaks([KEY], [{ where: 'value', content: JSON.stringify(redacted) }])).toEqual(
      []
    )
    expect(value[KEY][0]).toBe(KEY)
  })

  it('keep text without the key, and ignore secrets shorter than 4 characters', () => {
    expect(redactText('a red fox', [KEY, 'fo'])).toBe('a red fox')
    const value = { a: 'fox' }
    expect(redactValue(value, [''])).toBe(value)
  })
})

describe('maskOrderProblem', () => {
  it('accepts the mask on the first line, and no output at all', () => {
    expect(maskOrderProblem(`::add-mask::${KEY}\nhello\n`, KEY)).toBeNull()
    expect(maskOrderProblem('', KEY)).toBeNull()
  })

  it('reports a line printed before the mask, without the key', () => {
    const problem = maskOrderProblem(`using ${KEY}\n::add-mask::${KEY}\n`, KEY)

    expect(problem).toContain('stdout starts with: using <key>')
  })
})

describe('the end-to-end runners scan every run', () => {
  let distRoot: string
  const sim = useSharedSimulator({
    keys: [{ key: 'sim-e2e-key-7f3a9c' }, { key: KEY }],
    durationsMs: { submittedMs: 0, totalMs: 0 }
  })

  beforeAll(async () => {
    ;[distRoot] = await Promise.all([buildActionBundle(), buildCli()])
  })

  afterAll(async () => {
    await removeActionBundle(distRoot)
  })

  it('runAction rejects a step whose outputs hold a listed secret', async () => {
    // The simulator's URL is in the videoUrl output: a stand-in for a leaked secret.
    const run = runAction({
      script: 'dist/index.js',
      distRoot,
      inputs: simInputs(sim.url),
      secrets: [sim.url]
    })

    await expect(run).rejects.toThrow(/secret scan of dist\/index.js: [^]*in output videoUrl/)
  })

  it('runScript rejects a run whose stderr holds a listed secret', async () => {
    const args = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD)]
    const run = runScript([...args, '--poll-interval', '100ms'], {
      env: { AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: sim.url },
      secrets: [sim.url]
    })

    await expect(run).rejects.toThrow(/secret scan of the CLI [^]*in stderr/)
  })
})
