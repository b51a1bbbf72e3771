import { Ajv2020, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020.js'
import type { ModelSpec } from './models.js'
import ajvOptions from './ajv-options.json' with { type: 'json' }

let sharedAjv: Ajv2020 | undefined

/**
 * The model's schema compiled by ajv at run time, once per process and model. The bundles
 * in dist/ never run this: scripts/precompiled-validators.mjs swaps this module for the
 * same validators generated ahead of time with ajv's standalone code (same options), so a
 * plain run neither loads ajv nor compiles a schema (about 120 ms of its start-up).
 * @internal Left out of the published types (dist/types): its signature names a type of a
 * bundled dependency, which the installed package does not carry.
 */
export function compileModelValidator(spec: ModelSpec): ValidateFunction {
  sharedAjv ??= createAjv()
  return sharedAjv.compile(spec.schema as SchemaObject)
}

function createAjv(): Ajv2020 {
  // ajv-options.json: draft 2020-12 with no custom formats or keywords, so the schema files
  // alone decide; verbose errors carry the failing value and schema the messages quote;
  // unicode: false makes maxLength count UTF-16 units (String.length), as a strict upstream
  // (and the simulator) does, the one place a schema-only validator is more lenient (see
  // docs/models.md). ajv 8 (pinned) warns on every construction that the unicode option is
  // deprecated: that one notice is dropped.
  return new Ajv2020({
    ...ajvOptions,
    logger: {
      log: (...args: unknown[]) => console.log(...args),
      warn: (...args: unknown[]) => {
        if (!String(args[0]).startsWith('DEPRECATED: option unicode.')) console.warn(...args)
      },
      error: (...args: unknown[]) => console.error(...args)
    }
  })
}
