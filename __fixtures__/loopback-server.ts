import type { Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A test server listening on a free loopback port. */
export interface LoopbackServer {
  url: string
  /** Stops the server, cutting the connections still open (keep-alive, hung requests). */
  close(): Promise<void>
}

/** Starts `server` on a free port of 127.0.0.1, tracking its connections to cut on close. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  const sockets = new Set<Socket>()
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
