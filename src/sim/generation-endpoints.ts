import type { IncomingMessage } from 'node:http'
import type { Account } from './accounts.js'
import { authenticate } from './authentication.js'
import { isModelName, type ModelName, type Payload } from './models.js'
import { findPayloadProblems } from './payload-rules.js'
import { creditsToUsd, priceCredits, USD_PER_CREDIT } from './pricing.js'
import { errorReply, isReply, jsonReply, type Reply } from './reply.js'
import { parseJsonObject, readBody } from './request-body.js'
import { formatRetryAfter } from './retry-after.js'
import type { Endpoint, EndpointCall, SimContext } from './sim-context.js'
import type { TaskOutcome } from './task-store.js'
import { creationBody } from './task-views.js'
import { DAY_MS } from './time-scale.js'

/** Asks for a FAILED outcome when found anywhere in a payload (tests of failure handling). */
export const FAIL_MARKER = '[sim:fail]'

interface PricedRequest {
  account: Account
  model: ModelName
  payload: Payload
  credits: number
}

function invalidPayload(message: string, status = 400): Reply {
  return errorReply(status, 'INVALID_PAYLOAD', message)
}

/** What create and quote share: auth, body, model and payload validation, price. */
async function priceRequest(
  context: SimContext,
  call: EndpointCall
): Promise<PricedRequest | Reply> {
  const body = await readBody(call.request)
  const account = authenticate(context, call.request)
  if (isReply(account)) return account
  if (body.kind === 'too-large') return invalidPayload('Request body exceeds 10 MB', 413)
  const model = call.params.model
  if (!isModelName(model) || !account.supportedModels.includes(model)) {
    return errorReply(400, 'INVALID_MODEL', `Unsupported model: ${model}`)
  }
  const payload = parseJsonObject(body.bytes)
  if (payload === undefined) return invalidPayload('Request body must be a JSON object')
  const problems = findPayloadProblems(model, payload)
  if (problems.length > 0) {
    return invalidPayload(`Invalid payload for ${model}: ${problems.join('; ')}`)
  }
  return { account, model, payload, credits: priceCredits(model, payload) }
}

interface CreationHeaders {
  idempotencyKey: string | undefined
  maxCredits: number | undefined
  webhookUrl: string | undefined
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function isWebUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

function readCreationHeaders(request: IncomingMessage): CreationHeaders | Reply {
  const idempotencyKey = single(request.headers['idempotency-key'])
  if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 128)) {
    return invalidPayload('Idempotency-Key must be 8 to 128 characters')
  }
  const maxCredits = single(request.headers['x-max-credits'])
  if (maxCredits !== undefined && !/^\d{1,15}$/.test(maxCredits)) {
    return invalidPayload('X-Max-Credits must be a whole number of credits')
  }
  const webhookUrl = single(request.headers.webhookurl)
  if (webhookUrl !== undefined && !isWebUrl(webhookUrl)) {
    return invalidPayload('webhookUrl header must be an http(s) URL')
  }
  return {
    idempotencyKey,
    maxCredits: maxCredits === undefined ? undefined : Number(maxCredits),
    webhookUrl
  }
}

/** Why a priced request cannot be paid for now, or undefined when it can. */
function refuseSpending(
  context: SimContext,
  priced: PricedRequest,
  maxCredits: number | undefined
): Reply | undefined {
  const { account, credits } = priced
  const now = context.now()
  const creationWaitMs = account.creations?.waitMs(account.fingerprint, now) ?? 0
  if (creationWaitMs > 0) {
    const retryAfter = formatRetryAfter(creationWaitMs, context.options.retryAfterFormat, now)
    const message = `Too many generation requests: at most ${account.generationRequestsPerMinute} per minute`
    return errorReply(429, 'RATE_LIMITED', message, { 'Retry-After': retryAfter })
  }
  if (maxCredits !== undefined && credits > maxCredits) {
    const message = `Price ${credits} credits exceeds X-Max-Credits ${maxCredits}; nothing was charged`
    return errorReply(422, 'BUDGET_EXCEEDED', message)
  }
  const dailyLimit = account.dailyCreditLimit
  const spentToday = context.tasks.netCreditsSince(account, now - context.scale.realMs(DAY_MS))
  if (dailyLimit !== -1 && spentToday + credits > dailyLimit) {
    const message = `Daily credit limit ${dailyLimit} reached: ${spentToday} used, ${credits} required`
    return errorReply(402, 'INSUFFICIENT_CREDITS', message)
  }
  if (account.balance < credits) {
    const message = `Current balance ${account.balance} is below required ${credits}`
    return errorReply(402, 'INSUFFICIENT_CREDITS', message)
  }
  return undefined
}

function decideOutcome(context: SimContext, payload: Payload): TaskOutcome {
  // Always draw, so a seeded run fails the same tasks whatever the prompts say.
  const draw = context.random()
  if (JSON.stringify(payload).includes(FAIL_MARKER)) {
    return {
      status: 'FAILED',
      reason: `Simulated failure requested by ${FAIL_MARKER} in the payload`
    }
  }
  if (draw < context.options.failureRate) {
    return { status: 'FAILED', reason: 'Simulated generation failure (failureRate)' }
  }
  return { status: 'COMPLETED' }
}

/** A `late` create is carried out 2 to 20 simulated seconds after it arrives. */
const LATE_CREATE_SIMULATED_MS = { min: 2_000, max: 20_000 }

/**
 * Holds a create that a `late` fault catches: upstream carries it out (charging, recording
 * its key) only after the delay, whether or not the client is still waiting for the answer.
 * Its Idempotency-Key is bound when it is carried out, so a replay that arrives first makes
 * the task and this create then answers as a replay of it.
 */
async function carryOutLate(context: SimContext): Promise<void> {
  const late = context.faults.take('create', ['late'])
  if (late === undefined) return
  context.stats.countLateCreate('arrived')
  const { min, max } = LATE_CREATE_SIMULATED_MS
  const delayMs = late.delayMs ?? context.scale.realMs(min + context.random() * (max - min))
  await context.timers.sleep(delayMs)
  context.stats.countLateCreate('carriedOut')
}

/** `POST /api/v1/generate/{model}` */
export const createGeneration: Endpoint = async (context, call) => {
  const priced = await priceRequest(context, call)
  if (isReply(priced)) return priced
  const headers = readCreationHeaders(call.request)
  if (isReply(headers)) return headers
  const { account, model, payload, credits } = priced
  const { idempotencyKey } = headers
  await carryOutLate(context)
  if (idempotencyKey !== undefined) {
    const match = context.ledger.match(account, idempotencyKey, model, payload)
    if (match.kind === 'replay') {
      context.stats.countReplay()
      return jsonReply(200, creationBody(match.task, true))
    }
    if (match.kind === 'conflict') {
      const message = `Idempotency-Key was already used with a different request (task ${match.task.id})`
      return errorReply(409, 'IDEMPOTENCY_CONFLICT', message)
    }
  }
  const refusal = refuseSpending(context, priced, headers.maxCredits)
  if (refusal) return refusal
  const now = context.now()
  const durations = context.scale.taskDurations(model, payload)
  account.balance -= credits
  account.creations?.record(account.fingerprint, now)
  context.stats.countCreation(credits)
  const task = context.tasks.create({
    account,
    model,
    input: context.inputs.replaceDataImages(payload),
    idempotencyKey: idempotencyKey ?? null,
    webhookUrl: headers.webhookUrl,
    createdAtMs: now,
    progressAtMs: now + durations.submittedMs,
    outcomeAtMs: now + durations.totalMs,
    outcome: decideOutcome(context, payload),
    isStuck: context.faults.take('create', ['stuck']) !== undefined,
    creditsCharged: credits
  })
  if (idempotencyKey !== undefined) {
    context.ledger.record(account, idempotencyKey, model, payload, task)
  }
  return jsonReply(200, creationBody(task, false))
}

/** `POST /api/v1/quote/{model}`: the same checks and price as create; creates nothing. */
export const quoteGeneration: Endpoint = async (context, call) => {
  const priced = await priceRequest(context, call)
  if (isReply(priced)) return priced
  const { account, model, credits } = priced
  return jsonReply(200, {
    model,
    credits,
    listPriceUsd: creditsToUsd(credits),
    usdPerCredit: USD_PER_CREDIT,
    currentBalance: account.balance,
    affordable: account.balance >= credits,
    billable: false
  })
}
