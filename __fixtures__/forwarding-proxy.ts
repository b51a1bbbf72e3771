import { request as httpRequest, type IncomingMessage } from 'node:http'

/**
 * Relays one request a test proxy received to `upstream` and hands the whole answer to
 * `relay`, which decides what the client gets (the answer as is, an edited body, or a cut
 * connection). A failure on either leg cuts the client's connection, as a dead network
 * would, so the client under test sees a transport error rather than a made-up answer.
 */
export function forwardRequest(
  req: IncomingMessage,
  upstream: URL,
  relay: (answer: IncomingMessage, body: Buffer) => void
): void {
  const forward = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url ?? '/',
      headers: req.headers
    },
    (answer: IncomingMessage) => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => relay(answer, Buffer.concat(chunks)))
      answer.on('error', () => req.socket.destroy())
    }
  )
  forward.on('error', () => req.socket.destroy())
  req.pipe(forward)
}
