import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** A response body of known length, produced lazily so large files are never held in memory. */
export interface ReplyBody {
  length: number
  chunks: () => Iterable<Buffer>
}

/**
 * What an endpoint answers, decoupled from the socket so a fault can deliver the same
 * answer badly (cut, dripped, reset) instead of well.
 */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: ReplyBody
}

/** Tells a reply from the value an endpoint step produces when all is well. */
export function isReply<T extends object>(value: T | Reply): value is Reply {
  return 'status' in value && 'headers' in value && 'body' in value
}

export function bufferBody(bytes: Buffer): ReplyBody {
  return { length: bytes.length, chunks: () => [bytes] }
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: bufferBody(Buffer.from(JSON.stringify(value)))
  }
}

/** The upstream error body: `error` repeats the code because older clients read that field. */
export function errorReply(
  status: number,
  errorCode: string,
  message: string,
  headers: Record<string, string> = {}
): Reply {
  return jsonReply(status, { status: 'FAILED', errorCode, message, error: errorCode }, headers)
}

/** Writes a reply in full; a client that goes away mid-body is not an error for the server. */
export async function sendReply(res: ServerResponse, reply: Reply, isHead = false): Promise<void> {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) })
  if (isHead) {
    res.end()
    return
  }
  await pipeline(Readable.from(reply.body.chunks()), res).catch(() => undefined)
}
