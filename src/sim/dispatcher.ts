import type { IncomingMessage, ServerResponse } from 'node:http'
import { getAccount } from './account-endpoint.js'
import { CONTROL_PREFIX, handleControl } from './control-endpoints.js'
import { deliverFault, type FaultOutcome } from './fault-delivery.js'
import { ANSWERING_FAULT_KINDS, type FaultRoute } from './faults.js'
import { getInputFile, getVideo } from './file-endpoints.js'
import { createGeneration, quoteGeneration } from './generation-endpoints.js'
import { errorReply, sendReply, type Reply } from './reply.js'
import { matchRoute, type RouteName } from './routes.js'
import type { Endpoint, EndpointCall, SimContext } from './sim-context.js'
import type { SimStats } from './stats.js'
import { cancelTask, getTask, getTaskStatus, listTasks } from './task-endpoints.js'

const ENDPOINTS: Record<RouteName, Endpoint> = {
  create: createGeneration,
  quote: quoteGeneration,
  list: listTasks,
  detail: getTask,
  status: getTaskStatus,
  cancel: cancelTask,
  account: getAccount,
  video: getVideo,
  input: getInputFile
}

const DEFAULT_LATENCY_MS = 500

/**
 * What a faulty create delivers instead of a real answer: a fault on create must never
 * charge or create, so there is no real answer to deliver.
 */
const UNCREATED_REPLY = errorReply(200, 'INTERNAL_ERROR', 'Simulated fault: nothing was created')

/**
 * Applies the route's faults: waits out a `latency` fault, then lets an answering fault
 * respond. Returns the outcome when a fault answered, undefined to answer normally.
 */
async function applyFaults(
  context: SimContext,
  route: FaultRoute,
  call: EndpointCall,
  response: ServerResponse
): Promise<FaultOutcome | undefined> {
  const latency = context.faults.take(route, ['latency'])
  if (latency) await context.timers.sleep(latency.delayMs ?? DEFAULT_LATENCY_MS)
  const fault = context.faults.take(route, ANSWERING_FAULT_KINDS)
  if (fault === undefined) return undefined
  if (fault.kind === 'lost') context.stats.countLostCreate()
  const answer = async (): Promise<Reply> =>
    route === 'create' ? UNCREATED_REPLY : ENDPOINTS[route](context, call)
  return deliverFault(response, fault, answer, context)
}

async function answerApi(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string
): Promise<void> {
  const routing = matchRoute(request.method ?? 'GET', pathname)
  if (routing.kind === 'not-found') {
    context.stats.recordResponse('other', 404)
    await sendReply(
      response,
      errorReply(404, 'NOT_FOUND', `No route ${request.method} ${pathname}`)
    )
    return
  }
  if (routing.kind === 'method-not-allowed') {
    context.stats.recordResponse(routing.route, 405)
    const message = `${request.method} is not allowed here; use ${routing.allow.join(' or ')}`
    await sendReply(
      response,
      errorReply(405, 'METHOD_NOT_ALLOWED', message, { Allow: routing.allow.join(', ') })
    )
    return
  }
  const { route, params } = routing
  const call: EndpointCall = { request, params }
  context.tasks.settleAll()
  const faulted = route === 'input' ? undefined : await applyFaults(context, route, call, response)
  if (faulted !== undefined) {
    context.stats.recordResponse(route, faulted)
    return
  }
  const reply = await ENDPOINTS[route](context, call)
  context.stats.recordResponse(route, reply.status)
  await sendReply(response, reply, request.method === 'HEAD')
  if (!response.writableFinished) context.stats.countUnfinished(route)
}

/** Answers one request; never throws, whatever the client does. */
export async function dispatch(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
  stats: () => SimStats
): Promise<void> {
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://simulator.invalid')
    if (pathname.startsWith(CONTROL_PREFIX)) {
      await sendReply(response, await handleControl(context, request, pathname, stats))
    } else {
      await answerApi(context, request, response, pathname)
    }
  } catch (error) {
    if (!response.headersSent) {
      // Error texts here never hold a key: no code path puts one into an Error.
      const message = `Simulator error: ${error instanceof Error ? error.message : String(error)}`
      await sendReply(response, errorReply(500, 'INTERNAL_ERROR', message)).catch(() => undefined)
    } else {
      response.destroy()
    }
  }
}
