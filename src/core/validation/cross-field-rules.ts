import type { ModelName } from './models.js'

// The wording of the rules between fields (fields that exclude or need each other). The
// schemas decide (their top-level allOf); these name the fields the caller sent, so the
// message says what to remove or add. A null or empty value counts as absent here, as
// that field's own issue already explains it.
const CROSS_FIELD_RULES: Partial<
  Record<ModelName, (payload: Record<string, unknown>) => string[]>
> = {
  minimax: minimaxRuleIssues,
  seedance20: seedanceRuleIssues
}

/** One issue line per broken cross-field rule of the model, in words (empty when none). */
export function crossFieldIssues(model: ModelName, payload: Record<string, unknown>): string[] {
  return CROSS_FIELD_RULES[model]?.(payload) ?? []
}

function isPresent(payload: Record<string, unknown>, field: string): boolean {
  const value = payload[field]
  if (!Object.hasOwn(payload, field) || value === null) return false
  return !(Array.isArray(value) && value.length === 0)
}

const MINIMAX_FRAMES = ['imageUrl', 'lastFrameUrl']
const MINIMAX_REFERENCES = ['referenceImageUrls', 'referenceVideoUrl', 'referenceAudioUrls']

function minimaxRuleIssues(payload: Record<string, unknown>): string[] {
  const issues: string[] = []
  const frames = MINIMAX_FRAMES.filter(f => isPresent(payload, f))
  const references = MINIMAX_REFERENCES.filter(f => isPresent(payload, f))
  if (frames.length > 0 && references.length > 0) {
    issues.push(
      `${joinFields(frames)} cannot be combined with ${joinFields(references)}: minimax takes ` +
        `either frames (${MINIMAX_FRAMES.join(', ')}) or references (${MINIMAX_REFERENCES.join(', ')}); remove one group`
    )
  }
  if (isPresent(payload, 'lastFrameUrl') && !isPresent(payload, 'imageUrl')) {
    issues.push('payload.lastFrameUrl requires payload.imageUrl (the first frame); add imageUrl')
  }
  return issues
}

const SEEDANCE_SOURCES = ['prompt', 'image', 'video']

function seedanceRuleIssues(payload: Record<string, unknown>): string[] {
  if (SEEDANCE_SOURCES.some(f => isPresent(payload, f))) return []
  const sources = joinFields(SEEDANCE_SOURCES, 'or')
  return isPresent(payload, 'audio')
    ? [`payload.audio cannot be used alone; add ${sources}`]
    : [`payload needs at least one of ${SEEDANCE_SOURCES.map(f => `payload.${f}`).join(', ')}`]
}

function joinFields(fields: readonly string[], conjunction = 'and'): string {
  const paths = fields.map(f => `payload.${f}`)
  if (paths.length <= 1) return paths.join('')
  return `${paths.slice(0, -1).join(', ')} ${conjunction} ${paths[paths.length - 1]}`
}
