import { isLoopbackHost } from './base-url.js'
import { actionableMessage } from './errors.js'
import { LIBRARY_LABELS, type SettingLabels, type SettingRefusal } from './setting-labels.js'
import { clip } from './clipped-text.js'

/**
 * Checks the URL upstream will call on every status change, and returns it in the form
 * sent: the WHATWG serialisation, so a non-ASCII host travels as punycode and a non-ASCII
 * path percent-encoded (a header cannot carry them raw). It must be https and carry no
 * credentials: upstream posts task data there, and a plain-http or credentialled URL
 * leaks both. Plain http is allowed only to a loopback host while the base URL is
 * loopback too, i.e. a local simulator calling a local receiver.
 */
export function parseWebhookUrl(
  text: string,
  baseUrl: string,
  labels: SettingLabels = LIBRARY_LABELS
): { ok: true; url: string } | SettingRefusal {
  const name = labels.webhookUrl
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return invalid(`${name} "${clip(text, 60)}" is not a URL`)
  }
  if (/\s/.test(text.trim())) return invalid(`${name} must not contain spaces or line breaks`)
  const isLocal = isLoopbackHost(url.hostname) && isLoopbackHost(hostOf(baseUrl))
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    return invalid(
      `${name} must be an https URL (got ${url.protocol}//${clip(url.host, 60)}); upstream posts task data to it`
    )
  }
  if (url.username !== '' || url.password !== '') {
    return invalid(
      `${name} must not contain credentials (user:password@); upstream would store and replay them`
    )
  }
  return { ok: true, url: url.href }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname
  } catch {
    return ''
  }
}

function invalid(what: string): SettingRefusal {
  return {
    ok: false,
    setting: 'webhookUrl',
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage('INVALID_INPUT', what)
  }
}
