import happyhorseSchema from '../../../schemas/happyhorse.schema.json' with { type: 'json' }
import i2vSchema from '../../../schemas/i2v.schema.json' with { type: 'json' }
import i2vV3Schema from '../../../schemas/i2v_v3.schema.json' with { type: 'json' }
import lvSchema from '../../../schemas/lv.schema.json' with { type: 'json' }
import minimaxSchema from '../../../schemas/minimax.schema.json' with { type: 'json' }
import seedance20Schema from '../../../schemas/seedance20.schema.json' with { type: 'json' }
import t2vSchema from '../../../schemas/t2v.schema.json' with { type: 'json' }
import t2vV3Schema from '../../../schemas/t2v_v3.schema.json' with { type: 'json' }
import wan27Schema from '../../../schemas/wan27.schema.json' with { type: 'json' }

/**
 * Every model this project can validate and send, in the order error messages list
 * them: the skill's whitelist first, then the newer models the live service reports
 * in `supportedModels` (see upstream-api.md, "Models").
 */
export const MODEL_NAMES = [
  't2v',
  'i2v',
  'lv',
  't2v_v3',
  'i2v_v3',
  'minimax',
  'seedance20',
  'wan27',
  'happyhorse'
] as const

export type ModelName = (typeof MODEL_NAMES)[number]

/** A JSON Schema document, as loaded from `schemas/<model>.schema.json`. */
export type JsonSchema = Readonly<Record<string, unknown>>

export interface ModelSpec {
  readonly name: ModelName
  /** Human title, from the schema's `title`. */
  readonly title: string
  /** True for the seed skill's whitelist (t2v, i2v, lv, t2v_v3, i2v_v3). */
  readonly seed: boolean
  /** The model's request-body schema (draft 2020-12, self-contained: no custom formats). */
  readonly schema: JsonSchema
  /** How upstream expects `duration`: a string (`"5"`) or a number (`5`). */
  readonly durationType: 'string' | 'number'
  /** Top-level fields holding images (a URL or data URI, or an array of them). */
  readonly imageFields: readonly string[]
}

function defineSpec(
  name: ModelName,
  schema: JsonSchema & { title: string },
  fields: Pick<ModelSpec, 'seed' | 'durationType' | 'imageFields'>
): ModelSpec {
  return Object.freeze({
    name,
    title: schema.title,
    schema,
    ...fields,
    imageFields: Object.freeze([...fields.imageFields])
  })
}

const SPECS: Readonly<Record<ModelName, ModelSpec>> = Object.freeze({
  t2v: defineSpec('t2v', t2vSchema, { seed: true, durationType: 'string', imageFields: [] }),
  i2v: defineSpec('i2v', i2vSchema, { seed: true, durationType: 'string', imageFields: ['image'] }),
  lv: defineSpec('lv', lvSchema, { seed: true, durationType: 'string', imageFields: ['image'] }),
  t2v_v3: defineSpec('t2v_v3', t2vV3Schema, {
    seed: true,
    durationType: 'string',
    imageFields: []
  }),
  i2v_v3: defineSpec('i2v_v3', i2vV3Schema, {
    seed: true,
    durationType: 'string',
    imageFields: ['image']
  }),
  minimax: defineSpec('minimax', minimaxSchema, {
    seed: false,
    durationType: 'number',
    imageFields: ['imageUrl', 'lastFrameUrl', 'referenceImageUrls']
  }),
  seedance20: defineSpec('seedance20', seedance20Schema, {
    seed: false,
    durationType: 'number',
    imageFields: ['image']
  }),
  wan27: defineSpec('wan27', wan27Schema, {
    seed: false,
    durationType: 'string',
    imageFields: ['image']
  }),
  happyhorse: defineSpec('happyhorse', happyhorseSchema, {
    seed: false,
    durationType: 'number',
    imageFields: ['image']
  })
})

export function isModelName(value: unknown): value is ModelName {
  return typeof value === 'string' && (MODEL_NAMES as readonly string[]).includes(value)
}

/** The registry entry for a model; check unknown input with `isModelName` first. */
export function getModelSpec(name: ModelName): ModelSpec {
  return SPECS[name]
}
