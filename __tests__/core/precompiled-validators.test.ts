import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import { MODEL_NAMES, getModelSpec, type ModelSpec } from '../../src/core/validation/models.js'
import { compileModelValidator } from '../../src/core/validation/validator-compiler.js'
import { precompiledValidatorsSource } from '../../scripts/precompiled-validators.mjs'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

type Compile = (spec: ModelSpec) => ValidateFunction

/** The bundles' validators: the plugin's generated module, imported from a temp file. */
async function loadPrecompiled(): Promise<Compile> {
  const dir = await makeTempDir('aivideo-validators-')
  const file = join(dir, 'validators.mjs')
  await writeFile(file, precompiledValidatorsSource())
  const loaded = (await import(pathToFileURL(file).href)) as { compileModelValidator: Compile }
  return loaded.compileModelValidator
}

/** The model's examples, and each example with every field made wrong in several ways. */
function corpus(spec: ModelSpec): unknown[] {
  const examples = (spec.schema.examples ?? []) as Record<string, unknown>[]
  expect(examples.length).toBeGreaterThan(0)
  const wrongs: unknown[] = [null, 12345, 4.5, '', 'x'.repeat(6000), [], ['a'], {}, true, '😀']
  const cases: unknown[] = [{}, [], 'text', { ...examples[0], unknownField: 1 }]
  for (const example of examples) {
    cases.push(example)
    for (const field of Object.keys(example)) {
      cases.push(Object.fromEntries(Object.entries(example).filter(([key]) => key !== field)))
      for (const wrong of wrongs) cases.push({ ...example, [field]: wrong })
    }
  }
  return cases
}

describe('precompiled validators (what dist/ runs)', () => {
  it('give the same verdict and the same errors as run-time compilation, for every model', async () => {
    const precompiled = await loadPrecompiled()
    let checked = 0
    for (const name of MODEL_NAMES) {
      const spec = getModelSpec(name)
      const [atRunTime, ahead] = [compileModelValidator(spec), precompiled(spec)]
      for (const payload of corpus(spec)) {
        const verdicts = [atRunTime(payload), ahead(payload)]
        expect([name, payload, verdicts[1], ahead.errors ?? null]).toEqual([
          name,
          payload,
          verdicts[0],
          atRunTime.errors ?? null
        ])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(300)
  })
})
