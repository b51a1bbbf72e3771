import type { IncomingMessage } from 'node:http'
import type { Account } from './accounts.js'
import { errorReply, type Reply } from './reply.js'
import type { SimContext } from './sim-context.js'

/**
 * The account behind the bare `key` header, or the 401 to answer. Messages never echo
 * the key: a wrong key is often a real one pasted into the wrong place.
 */
export function authenticate(context: SimContext, request: IncomingMessage): Account | Reply {
  const header = request.headers.key
  if (header === undefined) {
    return errorReply(401, 'AUTH_FAILED', 'Missing API key: send it in the `key` header')
  }
  const account = context.accounts.authenticate(header)
  return account ?? errorReply(401, 'AUTH_FAILED', 'Invalid API key')
}
