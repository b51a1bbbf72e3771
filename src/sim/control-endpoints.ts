import type { IncomingMessage } from 'node:http'
import { parseFaults } from './faults.js'
import { errorReply, jsonReply, type Reply } from './reply.js'
import { readBody } from './request-body.js'
import type { SimContext } from './sim-context.js'
import type { SimStats } from './stats.js'

/** Prefix of the simulator's own control routes; they need no key and are never faulted or counted. */
export const CONTROL_PREFIX = '/__sim/'

async function setFaults(context: SimContext, request: IncomingMessage): Promise<Reply> {
  const body = await readBody(request)
  if (body.kind === 'too-large') {
    return errorReply(413, 'INVALID_PAYLOAD', 'Request body exceeds 10 MB')
  }
  try {
    const faults = parseFaults(JSON.parse(body.bytes.toString('utf8')))
    context.faults.set(faults)
    return jsonReply(200, { faults: faults.length })
  } catch (error) {
    return errorReply(
      400,
      'INVALID_PAYLOAD',
      error instanceof Error ? error.message : String(error)
    )
  }
}

/**
 * `GET /__sim/stats`, `POST /__sim/reset` (zeroes the counters, keeps tasks),
 * `POST /__sim/faults` (a JSON array replacing the faults) and `DELETE /__sim/faults`.
 */
export async function handleControl(
  context: SimContext,
  request: IncomingMessage,
  pathname: string,
  stats: () => SimStats
): Promise<Reply> {
  const action = `${request.method} ${pathname.slice(CONTROL_PREFIX.length)}`
  switch (action) {
    case 'GET stats':
      return jsonReply(200, stats())
    case 'POST reset':
      context.stats.reset()
      return jsonReply(200, { reset: true })
    case 'POST faults':
      return setFaults(context, request)
    case 'DELETE faults':
      context.faults.clear()
      return jsonReply(200, { faults: 0 })
    default:
      return errorReply(404, 'NOT_FOUND', `No simulator control route ${action}`)
  }
}
