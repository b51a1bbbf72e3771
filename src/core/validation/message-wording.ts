/** The JSON kind of a value, as error messages name it: `number`, `array`, `null`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name
    return name && name !== 'Object' ? name : 'object'
  }
  return typeof value
}

/** A short JSON rendering of a value for messages (data URIs are long). */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Joins choices as prose: `a`, `a or b`, `a, b or c`. */
export function joinAlternatives(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`
}

/** Joins names in double quotes as prose: `"a" or "b"`. */
export function quoteAlternatives(names: readonly string[]): string {
  return joinAlternatives(names.map(name => `"${name}"`))
}

/** A count with its noun: `1 item`, `3 items`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
