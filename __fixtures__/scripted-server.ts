import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './loopback-server.js'

/** One scripted answer: status, headers and body, or a raw socket action. */
export type Script = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string
) => void | Promise<void>

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface ScriptedServer {
  url: string
  requests: RecordedRequest[]
  /** Answers are taken in order; the last one repeats. */
  answer(...scripts: Script[]): void
  close(): Promise<void>
}

/** A real local HTTP server on a free port whose answers a test scripts in order. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  let scripts: Script[] = [json(200, {})]
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const script = scripts.length > 1 ? (scripts.shift() as Script) : scripts[0]
      void script(req, res, body)
    })
  })
  const { url, close } = await listenOnLoopback(server)
  return {
    url,
    requests,
    answer: (...next) => {
      scripts = next
    },
    close
  }
}

/**
 * One scripted server for a whole test file: started before all tests, its recorded
 * requests forgotten before each, closed after all. The handle forwards to it.
 */
export function useScriptedServer(): ScriptedServer {
  let server: ScriptedServer | undefined
  const current = (): ScriptedServer => {
    if (server === undefined) throw new Error('the scripted server starts in beforeAll')
    return server
  }
  beforeAll(async () => {
    server = await startScriptedServer()
  })
  afterAll(async () => {
    await current().close()
  })
  beforeEach(() => {
    current().requests.length = 0
  })
  return {
    get url() {
      return current().url
    },
    get requests() {
      return current().requests
    },
    answer: (...scripts) => current().answer(...scripts),
    close: () => current().close()
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
}

export function text(status: number, body: string, contentType = 'text/html'): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType })
    res.end(body)
  }
}

/** Closes the connection without an answer. */
export const drop: Script = req => {
  req.socket.destroy()
}

/** Never answers (until the socket is destroyed). */
export const hang: Script = () => undefined
