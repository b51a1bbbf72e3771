import { preview } from './message-wording.js'

const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']

// The two patterns are the rule: the schemas carry them verbatim (a test compares), so
// any JSON Schema validator decides as the core does; the functions below only explain
// a refusal. A URL is http(s) in any case (as `new URL` reads the scheme), a host with no
// user name or password, an optional port, then no whitespace. The data URI is
// lower-case "data:", one of four image types, and padded base64 (a multiple of 4).
const WEB_URL =
  '[Hh][Tt][Tt][Pp][Ss]?://(?:[^\\s/?#@:\\\\\\[\\]<>^|%]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]*)?(?:[/?#]\\S*)?'
// Each base64 group is spelled out: V8 runs a loop over a fixed run of single
// characters without a backtracking entry per turn, so a 10 MB URI does not overflow
// the stack, as `(?:[A-Za-z0-9+/]{4})*` does.
const B64 = '[A-Za-z0-9+/]'
const DATA_IMAGE = `data:image/(?:png|jpeg|webp|gif);base64,(?:${B64}${B64}${B64}${B64})*(?:${B64}${B64}${B64}${B64}|${B64}${B64}${B64}=|${B64}${B64}==)`

/** The schemas' `pattern` of a public http(s) URL field. */
export const HTTP_URL_PATTERN = `^${WEB_URL}$`

/** The schemas' `pattern` of an image field: a public http(s) URL or a base64 image data URI. */
export const IMAGE_REF_PATTERN = `^(?:${WEB_URL}|${DATA_IMAGE})$`

const HTTP_URL = new RegExp(HTTP_URL_PATTERN, 'u')
const IMAGE_REF = new RegExp(IMAGE_REF_PATTERN, 'u')

/** What an image field accepts, in words. */
export const IMAGE_REF_TEXT = 'a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI'

/** What a URL-only field accepts, in words. */
export const HTTP_URL_TEXT = 'a public http(s) URL'

/**
 * Why a value fails the schema pattern `pattern` when that is the image or URL pattern,
 * or null when it passes (or is not a string, or the pattern is another one).
 */
export function patternProblem(pattern: string, value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (pattern === IMAGE_REF_PATTERN) return imageRefProblem(value)
  return pattern === HTTP_URL_PATTERN ? httpUrlProblem(value) : null
}

/** Why a value is not an image reference, or null when it is one. */
export function imageRefProblem(value: string): string | null {
  if (IMAGE_REF.test(value)) return null
  if (!/^data:/i.test(value)) {
    const problem = urlProblem(value, IMAGE_REF_TEXT)
    // No scheme at all: most likely a path on this machine, which the service cannot read.
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.trim() === ''
      ? problem
      : `${problem}; a local image goes as a data URI, e.g. "data:image/png;base64,$(base64 -w0 image.png)" in a shell`
  }
  // Only the documented lower-case scheme, as for the media type: "DATA:" is refused.
  if (!value.startsWith('data:')) {
    return `is a data URI with the scheme ${preview(value.slice(0, 'data:'.length))}; write the scheme in lower case (data:)`
  }
  return dataUriProblem(value) ?? `must be ${IMAGE_REF_TEXT} (got ${preview(value)})`
}

/** Why a value is not a public http(s) URL, or null when it is one. */
export function httpUrlProblem(value: string): string | null {
  if (HTTP_URL.test(value)) return null
  if (/^data:/i.test(value)) {
    return 'must be a public http(s) URL; data: URIs are not accepted for this field'
  }
  return urlProblem(value, HTTP_URL_TEXT)
}

/** Why a value the pattern refused is no public URL: the likeliest mistake first. */
function urlProblem(value: string, expected: string): string {
  if (value.trim() !== value) return `must not start or end with spaces (got ${preview(value)})`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `must be ${expected} (got ${preview(value)})`
  }
  if (url.protocol === 'file:') {
    return `must be ${expected}, not a file: URL (the service cannot read files on this machine)`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be ${expected}, not a ${url.protocol} URL`
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password (the URL is sent to the service as is)'
  }
  return `must be ${expected} (got ${preview(value)})`
}

function dataUriProblem(value: string): string | null {
  const comma = value.indexOf(',')
  if (comma < 0) return 'is a data URI without data (expected data:image/png;base64,<data>)'
  const [mediaType, ...parameters] = value.slice('data:'.length, comma).split(';')
  if (!IMAGE_MEDIA_TYPES.includes(mediaType)) return mediaTypeProblem(mediaType)
  if (parameters.join(';') !== 'base64') {
    return `must be a base64 data URI: data:${mediaType};base64,<data>`
  }
  const problem = base64Problem(value.slice(comma + 1))
  return problem === null ? null : `has invalid base64 data: ${problem}`
}

function mediaTypeProblem(mediaType: string): string {
  const accepted = 'only image/png, image/jpeg, image/webp and image/gif are accepted'
  const lower = mediaType.toLowerCase()
  if (lower === 'image/svg+xml') {
    return `is an SVG data URI (image/svg+xml), which is not accepted; convert it to PNG, JPEG, WebP or GIF`
  }
  if (lower === 'image/jpg') return 'is a data URI of type image/jpg; write image/jpeg'
  if (IMAGE_MEDIA_TYPES.includes(lower)) {
    return `is a data URI of type ${mediaType}; write the type in lower case (${lower})`
  }
  const shown = mediaType === '' ? 'text/plain (none given)' : preview(mediaType)
  return `is a data URI of type ${shown}; ${accepted}`
}

function base64Problem(data: string): string | null {
  if (data === '') return 'there is no data after "base64,"'
  const body = data.replace(/={1,2}$/, '')
  const bad = body.search(/[^A-Za-z0-9+/]/)
  if (bad >= 0) {
    const char = body[bad]
    return `unexpected ${JSON.stringify(char)} at position ${bad}${base64CharHint(char)}`
  }
  if (data.length % 4 !== 0) {
    return `its length ${data.length} is not a multiple of 4 (truncated, or "=" padding missing)`
  }
  return null
}

function base64CharHint(char: string): string {
  if (char === '-' || char === '_') return ' (URL-safe base64; use + and / instead)'
  if (char === '=') return ' ("=" padding may only end the data, at most twice)'
  return /\s/.test(char) ? ' (remove line breaks and spaces)' : ''
}
