import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local proxy in front of the simulator that forwards every request but never answers
 * a create: upstream has made (and charged) the task, the client is still waiting.
 */
export async function holdingCreates(target: string) {
  const held: ServerResponse[] = []
  let onHeld = (): void => undefined
  const firstHeld = new Promise<void>(resolve => (onHeld = resolve))
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' &&
            !['host', 'content-length', 'connection'].includes(entry[0])
        )
      )
      void fetch(`${target}${request.url ?? '/'}`, {
        method: request.method,
        headers,
        body: chunks.length === 0 ? undefined : Buffer.concat(chunks)
      }).then(async answer => {
        const body = Buffer.from(await answer.arrayBuffer())
        if (request.method === 'POST' && request.url?.startsWith('/api/v1/generate/')) {
          held.push(response)
          onHeld()
          return
        }
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json'
        })
        response.end(body)
      })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves once upstream has made a task whose answer is being held. */
    firstHeld,
    close: async () => {
      held.forEach(response => response.destroy())
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
