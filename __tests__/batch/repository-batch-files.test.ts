import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parseBatchFile } from '../../src/core/batch/batch-file.js'
import { validateBatch } from '../../src/core/batch/batch-validation.js'

describe('batch files shipped in the repository', () => {
  it('.github/ci-batch.yml (used by ci.yml through uses: ./) parses and validates', () => {
    const parsed = parseBatchFile(readFileSync('.github/ci-batch.yml', 'utf8'), 'ci-batch.yml')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.items.map(item => item.name)).toEqual(['fox-day', 'fox-night'])
    expect(validateBatch(parsed.items)).toMatchObject({ ok: true, invalid: [] })
  })
})
