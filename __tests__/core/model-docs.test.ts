import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseBatchFile } from '../../src/core/batch/batch-file.js'
import { validateBatch } from '../../src/core/batch/batch-validation.js'
import { run } from '../../src/core/run/workflow.js'
import { MODEL_NAMES, getModelSpec } from '../../src/core/validation/models.js'
import { validateRequest } from '../../src/core/validation/validate.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const batchSchema = JSON.parse(readFileSync('schemas/batch-file.schema.json', 'utf8')) as {
  $defs: { item: { properties: { model: { enum: string[] } } } }
  examples: unknown[]
}

/** The example as docs/models.md shows it: a payload file linked to its schema. */
function documentedExample(name: (typeof MODEL_NAMES)[number]): Record<string, unknown> {
  const example = (getModelSpec(name).schema.examples as Record<string, unknown>[])[0]
  return {
    $schema: `./node_modules/aivideomaker-action/schemas/${name}.schema.json`,
    ...example
  }
}

describe('docs/models.md', () => {
  it('is what scripts/models-doc.mjs generates from the schemas today', () => {
    const out = execFileSync(process.execPath, ['scripts/models-doc.mjs', '--check'], {
      encoding: 'utf8'
    })
    expect(out).toContain('matches the schemas')
  })

  it('lists the models of the registry, in its order (the batch schema holds the list)', () => {
    expect(batchSchema.$defs.item.properties.model.enum).toEqual([...MODEL_NAMES])
  })

  it('shows a batch file example that parses and validates', () => {
    const parsed = parseBatchFile(JSON.stringify(batchSchema.examples[0]), 'batch.json')
    expect(parsed.ok && validateBatch(parsed.items).ok).toBe(true)
  })
})

describe('each documented example', () => {
  const sims = useTestSimulator({
    key: 'model-docs-test-key',
    balance: 100_000,
    durationsMs: { submittedMs: 20, totalMs: 60 }
  })

  it.each([...MODEL_NAMES])(
    '%s: validates, drops $schema, and completes on the simulator',
    async name => {
      const checked = validateRequest(name, documentedExample(name))
      expect(checked).toMatchObject({ ok: true })
      if (!checked.ok) return
      expect(Object.hasOwn(checked.payload, '$schema')).toBe(false)
      const { sim, clock } = await sims.startOnClock()
      const result = await run(
        {
          model: name,
          payload: documentedExample(name),
          pollIntervalMs: 20,
          waitTimeoutMs: 10_000
        },
        { client: sims.clientFor(sim), clock }
      )
      expect(result).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    }
  )
})
