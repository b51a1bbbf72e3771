import type { Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'

export const DEFAULT_BASE_URL = 'https://aivideomaker.ai'

/**
 * Checks a base URL: https, or plain http only on a loopback host (a local simulator or
 * proxy), never with credentials, query or fragment. The key travels in a header, so an
 * http URL to another host would send it in clear text.
 */
export function parseBaseUrl(text: string): { ok: true; url: string } | ({ ok: false } & Failure) {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return invalid(`base-url "${clip(text)}" is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid(`base-url must use https (got ${url.protocol})`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return invalid(
      `base-url must use https unless the host is loopback (got http://${url.hostname}); the API key would travel in clear text`
    )
  }
  if (url.username !== '' || url.password !== '') {
    return invalid('base-url must not contain credentials; pass the key as api-key')
  }
  if (url.search !== '' || url.hash !== '') {
    return invalid('base-url must not contain a query or fragment')
  }
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') }
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

function invalid(what: string): { ok: false } & Failure {
  return {
    ok: false,
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage('INVALID_INPUT', what)
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
