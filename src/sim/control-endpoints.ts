import type { IncomingMessage } from 'node:http'
import { parseFaults } from './faults.js'
import { errorReply, jsonReply, type Reply } from './reply.js'
import { readBody } from './request-body.js'
import { HistoryBlock } from './task-history.js'
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
 * `POST /__sim/history` `{"count": n, "key"?: "..."}`: n finished tasks join the key's
 * list (default: the first key) as its newest, listed before every task created earlier.
 */
async function addHistory(context: SimContext, request: IncomingMessage): Promise<Reply> {
  const body = await readBody(request)
  if (body.kind === 'too-large')
    return errorReply(413, 'INVALID_PAYLOAD', 'Request body exceeds 10 MB')
  let parsed: { count?: unknown; key?: unknown }
  try {
    parsed = JSON.parse(body.bytes.toString('utf8')) as typeof parsed
  } catch {
    return errorReply(400, 'INVALID_PAYLOAD', 'The body must be JSON: {"count": n}')
  }
  const { count } = parsed
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1_000_000) {
    return errorReply(400, 'INVALID_PAYLOAD', 'count must be an integer from 1 to 1,000,000')
  }
  const key = typeof parsed.key === 'string' ? parsed.key : context.options.keys[0].key
  const account = context.accounts.authenticate(key)
  if (account === undefined) return errorReply(400, 'INVALID_PAYLOAD', 'Unknown key')
  const seed = (context.options.seed ?? 0) + context.history.blockCount() + 1
  const block = new HistoryBlock(
    account,
    count,
    context.tasks.countFor(account),
    seed,
    context.now(),
    0,
    context.views
  )
  context.history.add(block)
  return jsonReply(200, { added: count })
}

/**
 * `GET /__sim/stats`, `POST /__sim/reset` (zeroes the counters, keeps tasks),
 * `POST /__sim/faults` (a JSON array replacing the faults), `DELETE /__sim/faults` and
 * `POST /__sim/history` (above).
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
    case 'POST history':
      return addHistory(context, request)
    case 'DELETE faults':
      context.faults.clear()
      return jsonReply(200, { faults: 0 })
    default:
      return errorReply(404, 'NOT_FOUND', `No simulator control route ${action}`)
  }
}
