import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

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
  const sockets = new Set<Socket>()
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
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (...next) => {
      scripts = next
    },
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
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
