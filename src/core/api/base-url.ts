import { actionableMessage } from './errors.js'
import { LIBRARY_LABELS, type SettingLabels, type SettingRefusal } from './setting-labels.js'
import { clip } from './clipped-text.js'
import { secretForms } from '../http/secret-redaction.js'

export const DEFAULT_BASE_URL = 'https://aivideomaker.ai'

/** The API's own prefix: every request path starts with it, so a base URL must not. */
const API_PREFIX = /\/api\/v1\/*$/i

/**
 * Checks a base URL: https, or plain http only on a loopback host (a local simulator or
 * proxy), never with credentials, query or fragment. The key travels in a header, so an
 * http URL to another host would send it in clear text. Other paths are kept (a proxy
 * may serve the API below one), except a trailing `/api/v1`: the client adds that itself.
 * A base URL that holds `apiKey` (as is or encoded, anywhere) is refused, never redacted:
 * a face saves the base URL (the action's GITHUB_STATE) and every request line carries it,
 * so the key would reach files and proxy logs; the message names neither.
 */
export function parseBaseUrl(
  text: string,
  labels: SettingLabels = LIBRARY_LABELS,
  apiKey: unknown = ''
): { ok: true; url: string } | SettingRefusal {
  const name = labels.baseUrl
  if (holdsSecret(text, apiKey)) {
    return invalid(
      `${name} contains the API key; give the service root (such as https://aivideomaker.ai) and pass the key only as ${labels.apiKey}`
    )
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return invalid(`${name} "${clip(text)}" is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid(`${name} must use https (got ${url.protocol})`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return invalid(
      `${name} must use https unless the host is loopback (got http://${url.hostname}); the API key would travel in clear text`
    )
  }
  if (url.username !== '' || url.password !== '') {
    return invalid(`${name} must not contain credentials; pass the key as ${labels.apiKey}`)
  }
  if (url.search !== '' || url.hash !== '') {
    return invalid(`${name} must not contain a query or fragment`)
  }
  const root = url.origin + url.pathname.replace(/\/+$/, '')
  // Refused rather than stripped: a notice is easy to miss in a log, and the value the
  // user wrote would silently differ from the one used.
  if (API_PREFIX.test(url.pathname)) {
    return invalid(
      `${name} "${clip(root)}" ends in /api/v1, but requests add /api/v1 themselves (they would go to ${clip(root)}/api/v1/...); set ${name} to "${clip(root.replace(API_PREFIX, ''))}"`
    )
  }
  return { ok: true, url: root }
}

/** Does `text` hold any form of `secret` (case aside: a URL's host is lower-cased)? */
function holdsSecret(text: string, secret: unknown): boolean {
  if (typeof secret !== 'string') return false
  const lower = text.toLowerCase()
  let decoded = lower
  try {
    decoded = decodeURIComponent(lower)
  } catch {
    // Not decodable: the text as it is.
  }
  return secretForms(secret.trim()).some(form => {
    const needle = form.toLowerCase()
    return lower.includes(needle) || decoded.includes(needle)
  })
}

/** Loopback by name or address: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

function invalid(what: string): SettingRefusal {
  return {
    ok: false,
    setting: 'baseUrl',
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage('INVALID_INPUT', what)
  }
}
