import { createServer } from 'node:http'
import { forwardRequest } from '../../__fixtures__/forwarding-proxy.js'
import { listenOnLoopback } from '../../__fixtures__/loopback-server.js'
import type { Phase } from '../../__fixtures__/crash-plan.js'

/**
 * A pass-through HTTP proxy in front of the simulator that tells the test when a run
 * enters a phase: a create request, a task query (the wait) or a result download reaches
 * it. Result links in answers are rewritten to point at the proxy, so the download passes
 * through it too.
 */
export interface PhaseProxy {
  url: string
  /** Settles when the first request of `phase` arrives (never, if none does). */
  reached(phase: Phase): Promise<void>
  /** The Idempotency-Keys of the creates that passed through, in arrival order, once each. */
  createKeys(): string[]
  close(): Promise<void>
}

function phaseOf(method: string, path: string): Phase | null {
  if (method === 'POST' && path.startsWith('/api/v1/generate/')) return 'create'
  if (method === 'GET' && path.startsWith('/api/v1/tasks')) return 'wait'
  if (method === 'GET' && path.startsWith('/files/')) return 'download'
  return null
}

export async function startPhaseProxy(target: string): Promise<PhaseProxy> {
  const upstream = new URL(target)
  const arrivals = new Map<Phase, () => void>()
  const promises = new Map<Phase, Promise<void>>()
  const reached = (phase: Phase): Promise<void> => {
    let promise = promises.get(phase)
    if (promise === undefined) {
      promise = new Promise(resolve => arrivals.set(phase, resolve))
      promises.set(phase, promise)
    }
    return promise
  }
  const keys = new Set<string>()
  let self = ''
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    const phase = phaseOf(req.method ?? '', path)
    const key = req.headers['idempotency-key']
    if (phase === 'create' && typeof key === 'string') keys.add(key)
    if (phase !== null) {
      void reached(phase)
      arrivals.get(phase)?.()
    }
    forwardRequest(req, upstream, (answer, raw) => {
      let body = raw
      if (/json/.test(String(answer.headers['content-type'] ?? ''))) {
        body = Buffer.from(body.toString('utf8').split(upstream.origin).join(self))
      }
      const headers = { ...answer.headers, 'content-length': String(body.length) }
      delete headers['transfer-encoding']
      res.writeHead(answer.statusCode ?? 502, headers)
      res.end(body)
    })
  })
  const { url, close } = await listenOnLoopback(server)
  self = url
  return { url, reached, createKeys: () => [...keys], close }
}
