/**
 * The key of the hygiene tests: distinctive, and with `+`, `/` and `=` so its
 * URL-encoded form differs from the raw one and its base64 form is its own text.
 */
export const HYGIENE_KEY = 'sk-hyg+7Qz/Ka9=Wm3xT0vL5c'

/** An upstream message that echoes the key in every form a careless service might use. */
export function echoingMessage(key: string): string {
  const bytes = Buffer.from(key)
  return `Invalid API key "${key}" (${encodeURIComponent(key)}; ${bytes.toString('base64')}; ${bytes.toString('hex')}; ${bytes.toString('hex').toUpperCase()})`
}
