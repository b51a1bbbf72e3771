import { createServer } from 'node:http'
import { forwardRequest } from '../../__fixtures__/forwarding-proxy.js'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'

/**
 * JSON text of `depth` nested arrays: parses fine, but overflows any recursive walk
 * (JSON.stringify included) once depth is in the tens of thousands.
 */
export function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth)
}

/**
 * A pass-through HTTP proxy in front of the simulator that makes every JSON answer of the
 * matching requests hostile without changing its meaning: an object answer gets
 * `"nested": <depth arrays>` as its first field (before `taskId`, so a walk meets it
 * first), a bare array gets it as its first item. Built as text: no stringify can hold it.
 */
export interface DeepAnswerProxy {
  url: string
  /** Answers made deep, per `METHOD /path`. */
  deepened: Map<string, number>
  close(): Promise<void>
}

export async function startDeepAnswerProxy(
  target: string,
  options: { matches: (method: string, path: string) => boolean; depth: number }
): Promise<DeepAnswerProxy> {
  const upstream = new URL(target)
  const junk = nestedArrays(options.depth)
  const deepened = new Map<string, number>()
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    forwardRequest(req, upstream, (answer, raw) => {
      let body = raw.toString('utf8')
      const status = answer.statusCode ?? 502
      const isJson = /json/.test(String(answer.headers['content-type'] ?? ''))
      if (isJson && status < 300 && options.matches(req.method ?? '', path)) {
        const key = `${req.method} ${path}`
        deepened.set(key, (deepened.get(key) ?? 0) + 1)
        const rest = body.slice(1).trimStart()
        const joiner = rest.startsWith('}') || rest.startsWith(']') ? '' : ','
        body = body.startsWith('{')
          ? `{"nested":${junk}${joiner}${rest}`
          : `[${junk}${joiner}${rest}`
      }
      const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) }
      delete headers['transfer-encoding']
      res.writeHead(status, headers)
      res.end(body)
    })
  })
  const { url, close } = await listenOnLoopback(server)
  return { url, deepened, close }
}
