import { createClient, type Client } from './client.js'
import type { Failure } from './envelope.js'
import { actionableMessage } from './errors.js'
import type { Clock } from '../time/clock.js'

/**
 * Where `run` and `runBatch` get their client: a ready `client`, or else one made from
 * `apiKey` (and `baseUrl`, default `https://aivideomaker.ai`). The library reads no
 * environment variable, so the key must be given here.
 */
export interface ClientSource {
  client?: Client
  /** Used only when no `client` is given. */
  apiKey?: string
  /** Used only when no `client` is given. */
  baseUrl?: string
}

/**
 * The client to use, or the AUTH_FAILED failure when neither a client nor a key is given:
 * the code every face gives for a missing key (nothing is sent).
 */
export function resolveClient(source: ClientSource, clock?: Clock): Client | Failure {
  if (source.client !== undefined) return source.client
  if (typeof source.apiKey !== 'string' || source.apiKey.trim() === '') {
    return {
      errorCode: 'AUTH_FAILED',
      errorMessage: actionableMessage(
        'AUTH_FAILED',
        'No API key was given: pass { apiKey } (the library reads no environment variable) or { client: createClient({ apiKey }) }'
      )
    }
  }
  return createClient({ apiKey: source.apiKey.trim(), baseUrl: source.baseUrl, clock })
}

export function isFailure(value: Client | Failure): value is Failure {
  return 'errorCode' in value
}
