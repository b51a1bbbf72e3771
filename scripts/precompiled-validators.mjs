// Generates the model validators ahead of time (ajv standalone code, the options of
// src/core/validation/ajv-options.json) and, as an esbuild plugin, swaps them in for
// src/core/validation/validator-compiler.ts in every bundle: compiling one schema at run
// time took ~70 ms and loading ajv ~50 ms, most of a plain run's start-up.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import standaloneCode from 'ajv/dist/standalone/index.js'

const ROOT = join(import.meta.dirname, '..')
/** Schemas that are not a model's payload. */
const NOT_MODELS = new Set(['envelope.schema.json', 'batch-file.schema.json'])

/** ESM source exporting `compileModelValidator(spec)` over the precompiled validators. */
export function precompiledValidatorsSource() {
  const options = JSON.parse(
    readFileSync(join(ROOT, 'src/core/validation/ajv-options.json'), 'utf8')
  )
  const ajv = new Ajv2020({ ...options, logger: false, code: { source: true, esm: true } })
  const refs = {}
  for (const file of readdirSync(join(ROOT, 'schemas')).sort()) {
    if (!file.endsWith('.schema.json') || NOT_MODELS.has(file)) continue
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8'))
    ajv.addSchema(schema)
    refs[file.slice(0, -'.schema.json'.length)] = schema.$id
  }
  const names = Object.keys(refs)
  return [
    standaloneCode(ajv, refs),
    `const VALIDATORS = { ${names.map(name => JSON.stringify(name) + ': ' + name).join(', ')} }`,
    'export function compileModelValidator(spec) {',
    '  const validate = VALIDATORS[spec.name]',
    '  if (validate === undefined) throw new Error(`no precompiled validator for ${spec.name}`)',
    '  return validate',
    '}'
  ].join('\n')
}

export const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]src[\\/]core[\\/]validation[\\/]validator-compiler\.ts$/ },
      () => ({
        loader: 'js',
        contents: precompiledValidatorsSource(),
        resolveDir: join(ROOT, 'src/core/validation')
      })
    )
  }
}
