import type { Simulator } from '../../src/sim/index.js'

export const KEY = 'sim-test-key'

export interface ApiAnswer {
  status: number
  headers: Headers
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

export interface CallOptions {
  key?: string | null
  body?: unknown
  rawBody?: string
  headers?: Record<string, string>
}

/** One request to the simulator with the `key` header (default KEY; null sends none). */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  options: CallOptions = {}
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  const key = options.key === undefined ? KEY : options.key
  if (key !== null) headers.key = key
  let body: string | undefined = options.rawBody
  if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${sim.url}${path}`, { method, headers, body })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export const T2V = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

export function create(
  sim: Simulator,
  model: string,
  payload: unknown,
  options: Omit<CallOptions, 'body'> = {}
): Promise<ApiAnswer> {
  return call(sim, 'POST', `/api/v1/generate/${model}`, { ...options, body: payload })
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Polls the task status (uncounted by any limit the test cares about) until `status` or timeout. */
export async function waitForStatus(
  sim: Simulator,
  taskId: string,
  status: string,
  timeoutMs = 3000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const answer = await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)
    if (answer.json?.status === status) return
    if (Date.now() > deadline) {
      throw new Error(`task ${taskId} is ${answer.json?.status}, not ${status}`)
    }
    await sleep(25)
  }
}
