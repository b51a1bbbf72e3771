import { createServer } from 'node:http'
import { forwardRequest } from '../../__fixtures__/forwarding-proxy.js'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'

/**
 * A pass-through HTTP proxy in front of the simulator that can lose answers: the request
 * reaches the simulator and is carried out (a task is created, a cancel is applied), then
 * the proxy cuts the client's connection instead of relaying the answer. It also counts
 * requests as they arrive, whether or not the simulator ever answers them.
 */
export interface LostAnswerProxy {
  url: string
  /** Requests seen, per `METHOD /path`. */
  counts: Map<string, number>
  close(): Promise<void>
}

export interface LostAnswerOptions {
  /** Which requests lose their answer. */
  matches: (method: string, path: string) => boolean
  /** How many answers to lose (default: all). */
  times?: number
}

export async function startLostAnswerProxy(
  target: string,
  options: LostAnswerOptions = { matches: () => false }
): Promise<LostAnswerProxy> {
  const upstream = new URL(target)
  let remaining = options.times ?? Infinity
  const counts = new Map<string, number>()
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    const key = `${req.method} ${path}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    const lose = remaining > 0 && options.matches(req.method ?? '', path)
    if (lose) remaining--
    forwardRequest(req, upstream, (answer, body) => {
      if (lose) {
        req.socket.destroy()
        return
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      res.end(body)
    })
  })
  const { url, close } = await listenOnLoopback(server)
  return { url, counts, close }
}
