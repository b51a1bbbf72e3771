import { stat, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { MAX_PAYLOAD_BYTES } from '../core/validation/validate.js'
import { UsageError } from './usage-error.js'

/** Room above the validator's limit for whitespace, so the validator gives the size error. */
const MAX_SOURCE_BYTES = MAX_PAYLOAD_BYTES + 1024 * 1024

export interface PayloadSource {
  stdin: AsyncIterable<Buffer | string>
  isStdinTTY: boolean
  cwd: string
  /** Told when the CLI waits for input typed on the terminal: `what` it waits for. */
  onWaitingForStdin?: (what: string) => void
}

/**
 * Turns `--payload` into a value: JSON text as given, `@path` (that one file and no other
 * is read), or `-` (standard input). Throws a UsageError when the file cannot be read,
 * is too large, or the text is not JSON; whether the JSON fits the model is the
 * validator's job.
 */
export async function readPayload(argument: string, source: PayloadSource): Promise<unknown> {
  if (argument === '-') {
    const text = await readStdin(source, MAX_SOURCE_BYTES, '--payload -', 'the payload')
    return parseJson(text, '--payload - (standard input)')
  }
  if (argument.startsWith('@')) {
    const path = argument.slice(1)
    if (path === '')
      throw new UsageError('--payload @ needs a file name, e.g. --payload @request.json')
    const origin = `--payload @${path}`
    const text = await readInputFile(resolve(source.cwd, path), origin, MAX_SOURCE_BYTES, () =>
      tooLarge(origin, MAX_SOURCE_BYTES)
    )
    return parseJson(text, origin)
  }
  return parseJson(argument, '--payload')
}

/**
 * Reads the one file a flag names (`origin`, e.g. `--payload @request.json`) as UTF-8
 * text. A UsageError naming `origin` when it is missing, unreadable or not a regular
 * file; `tooLarge()` when it holds more than `maxBytes`.
 */
export async function readInputFile(
  fullPath: string,
  origin: string,
  maxBytes: number,
  tooLarge: () => UsageError
): Promise<string> {
  try {
    const info = await stat(fullPath)
    if (!info.isFile()) throw new UsageError(`${origin}: not a regular file`)
    if (info.size > maxBytes) throw tooLarge()
    return await readFile(fullPath, 'utf8')
  } catch (error) {
    if (error instanceof UsageError) throw error
    const code = (error as { code?: unknown }).code
    const reason =
      code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable'
    throw new UsageError(`${origin}: cannot read the file (${reason})`)
  }
}

/**
 * Reads standard input to its end as UTF-8 text (`what`, e.g. "the payload", for the hint
 * shown on a terminal); a UsageError naming `origin` once it passes `maxBytes`.
 */
export async function readStdin(
  source: PayloadSource,
  maxBytes: number,
  origin: string,
  what: string
): Promise<string> {
  if (source.isStdinTTY) source.onWaitingForStdin?.(what)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of source.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buffer.length
    if (size > maxBytes) throw tooLarge(origin, maxBytes)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string, origin: string): unknown {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '')
    throw new UsageError(`${origin} is empty`, { errorCode: 'INVALID_PAYLOAD' })
  try {
    return JSON.parse(body)
  } catch (error) {
    const detail = error instanceof Error ? parserNote(error.message) : ''
    throw new UsageError(
      `${origin} is not valid JSON${detail ? ` (${detail})` : ''}; quote it as one argument, e.g. --payload '{"prompt":"..."}', or use --payload @file.json`,
      { errorCode: 'INVALID_PAYLOAD' }
    )
  }
}

/** The parser's note, unless it quotes the payload (which may hold a large data URI). */
function parserNote(message: string): string {
  if (!message.includes('"')) return message
  return /position \d+/.exec(message)?.[0] ?? ''
}

function tooLarge(origin: string, maxBytes: number): UsageError {
  return new UsageError(
    `${origin} is larger than ${maxBytes} bytes; pass images as https:// URLs instead of data: URIs`,
    { errorCode: 'INVALID_PAYLOAD' }
  )
}
