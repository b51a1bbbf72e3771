import { authenticate } from './authentication.js'
import { isReply, jsonReply } from './reply.js'
import type { Endpoint } from './sim-context.js'

/** `GET /api/v1/account`: the key check ("doctor") with its limits; -1 means unlimited. */
export const getAccount: Endpoint = (context, call) => {
  const account = authenticate(context, call.request)
  if (isReply(account)) return account
  return jsonReply(200, {
    supportedModels: account.supportedModels,
    currentBalance: account.balance,
    dailyCreditLimit: account.dailyCreditLimit,
    generationRequestsPerMinute: account.generationRequestsPerMinute,
    creditWarningAt: account.creditWarningAt
  })
}
