import { Buffer } from 'node:buffer'
import { copyJson } from './bounded-json.js'

/** Shorter secrets would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4
/** Encoded forms shorter than this could match unrelated text (e.g. base64 image data). */
const MIN_ENCODED_LENGTH = 12

const MASK = '***'

/**
 * The forms a secret can reach text in when a service echoes it: as is, JSON-escaped,
 * URL-encoded, hex (lower and upper case: a debug dump of the header bytes), and base64 / base64url at each of the three byte alignments (only the
 * characters that do not depend on the neighbouring bytes, so `base64("user:" + key)`
 * is covered too). Longest first, so a longer form is replaced before a shorter one
 * inside it.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return []
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1)])
  const bytes = Buffer.from(secret, 'utf8')
  const hex = bytes.toString('hex')
  const encoded = [encodeURIComponent(secret), hex, hex.toUpperCase()]
  for (let offset = 0; offset < 3; offset++) {
    const base64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const stable = base64.slice(offset === 0 ? 0 : 4, Math.floor((offset + bytes.length) / 3) * 4)
    encoded.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  for (const form of encoded) if (form.length >= MIN_ENCODED_LENGTH) forms.add(form)
  return [...forms].sort((a, b) => b.length - a.length)
}

/** `text` with every form of every secret replaced by `***`. */
export function redactText(text: string, secrets: readonly string[]): string {
  return textRedaction(secrets)(text)
}

/**
 * A copy of a JSON-like value (strings, arrays, plain objects) with every string, and
 * every object key, redacted as by `redactText`; other values are kept as they are.
 * The copy is bounded as `copyJson` bounds it, so no value can overflow the stack.
 * Returns the value itself when there is nothing to redact.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (secrets.flatMap(secretForms).length === 0) return value
  return copyJson(value, { text: textRedaction(secrets) }) as T
}

/** `redactText` for many strings: the secrets' forms are worked out once. */
export function textRedaction(secrets: readonly string[]): (text: string) => string {
  const forms = secrets.flatMap(secretForms)
  return text =>
    forms.reduce((out, form) => (out.includes(form) ? out.split(form).join(MASK) : out), text)
}
