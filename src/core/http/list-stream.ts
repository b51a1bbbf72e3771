import type { IncomingMessage } from 'node:http'
import { JSONParser, TokenType, type ParsedTokenInfo } from '@streamparser/json'

/**
 * How a list answer is read: item by item, as the bytes arrive, so a key's history of
 * 100,000 tasks costs what its first few items cost. The answer is a bare array, or an
 * object whose list sits under one of `listFields`; the object's other top-level fields
 * named in `topFields` (paging, an error) are kept.
 */
export interface ListStreamOptions {
  /** Fields of an object answer that may hold the list; the first that is an array wins. */
  listFields: readonly string[]
  /** Top-level fields of an object answer worth keeping (paging, error fields). */
  topFields: readonly string[]
  /** Bytes this read may take; past them the read ends as `over-cap`. */
  maxBytes: number
  /** Told every item in order; `true` means "enough": reading stops and the connection closes. */
  onItem: (item: unknown) => boolean
}

export type ListStreamResult =
  /** The whole answer was read (`hasList`: it held a list), or `onItem` stopped it. */
  | { end: 'complete' | 'stopped'; bytes: number; hasList: boolean; top: Record<string, unknown> }
  /** More bytes than `maxBytes`: the read was cut, and nothing may be concluded from it. */
  | { end: 'over-cap'; bytes: number }
  /** The answer is no JSON list or object at all (an HTML page, plain text, nothing). */
  | { end: 'not-json'; bytes: number }
  /** The connection broke, or the JSON broke off, before the answer ended. */
  | { end: 'broken'; bytes: number; reason: string }

/**
 * Reads a list answer from `message` without holding it: each item is handed to `onItem`
 * and dropped (the parser keeps no emitted value). Never rejects; closes the connection
 * whenever it stops before the end.
 */
export function readListStream(
  message: IncomingMessage,
  options: ListStreamOptions
): Promise<ListStreamResult> {
  return new Promise(resolve => {
    let bytes = 0
    let settled = false
    let parser: JSONParser | null = null
    let isStopped = false
    const list = new ListShape(options.listFields)
    const top: Record<string, unknown> = {}

    const settle = (result: ListStreamResult, close: boolean): void => {
      if (settled) return
      settled = true
      resolve(result)
      if (close) message.destroy()
    }
    const startParser = (first: number): JSONParser | null => {
      if (first === 0x5b) return newParser(['$.*'], 1)
      if (first === 0x7b) {
        const paths = [
          ...options.listFields.map(field => `$.${field}.*`),
          ...options.topFields.map(field => `$.${field}`)
        ]
        return newParser(paths, 2)
      }
      return null
    }
    const newParser = (paths: string[], itemDepth: number): JSONParser => {
      const created = new JSONParser({ paths, keepStack: false })
      created.onToken = (token: ParsedTokenInfo) => list.follow(token)
      created.onValue = ({ value, key, stack }) => {
        if (isStopped) return
        if (stack.length === itemDepth && list.holds(stack[stack.length - 1]?.key, itemDepth)) {
          if (options.onItem(value)) isStopped = true
        } else if (stack.length === 1 && typeof key === 'string') {
          top[key] = value
        }
      }
      created.onError = error => settle({ end: 'broken', bytes, reason: error.message }, true)
      return created
    }

    message.on('data', (chunk: Buffer) => {
      if (settled) return
      // Never a byte past the cap: the part of the chunk beyond it is not even parsed.
      let data = chunk.subarray(0, Math.max(0, options.maxBytes - bytes))
      const isOverCap = data.length < chunk.length
      bytes += data.length
      if (parser === null) {
        const first = data.findIndex(byte => !isJsonSpace(byte))
        if (first >= 0) {
          parser = startParser(data[first])
          if (parser === null) return settle({ end: 'not-json', bytes }, true)
          data = data.subarray(first)
        }
      }
      if (parser !== null && data.length > 0) parser.write(data)
      if (isStopped) settle({ end: 'stopped', bytes, hasList: true, top }, true)
      else if (isOverCap) settle({ end: 'over-cap', bytes }, true)
    })
    message.on('end', () => {
      if (parser !== null && !parser.isEnded) {
        return settle({ end: 'broken', bytes, reason: 'the answer ended mid-document' }, false)
      }
      if (parser === null) return settle({ end: 'not-json', bytes }, false)
      settle({ end: 'complete', bytes, hasList: list.isSeen, top }, false)
    })
    message.on('error', error => settle({ end: 'broken', bytes, reason: error.message }, false))
    message.on('close', () => {
      if (!message.complete) {
        settle({ end: 'broken', bytes, reason: 'the connection closed mid-answer' }, false)
      }
    })
  })
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
}

/**
 * Which top-level field holds the list, followed token by token: an empty list emits no
 * item, and the parser emits no value it would have to hold (the list itself), so the
 * tokens are the only way to tell `{"tasks": []}` from `{"error": ...}`.
 */
class ListShape {
  private depth = 0
  private lastKey: string | null = null
  private isAfterColon = false
  private field: string | null = null
  private isArrayRoot = false

  constructor(private readonly listFields: readonly string[]) {}

  get isSeen(): boolean {
    return this.isArrayRoot || this.field !== null
  }

  follow(token: ParsedTokenInfo): void {
    const afterColon = this.isAfterColon
    this.isAfterColon = false
    switch (token.token) {
      case TokenType.LEFT_BRACKET:
        if (this.depth === 0) this.isArrayRoot = true
        else if (this.depth === 1 && afterColon) this.claim()
        this.depth++
        return
      case TokenType.LEFT_BRACE:
        this.depth++
        return
      case TokenType.RIGHT_BRACKET:
      case TokenType.RIGHT_BRACE:
        this.depth--
        return
      case TokenType.STRING:
        if (this.depth === 1 && !afterColon) this.lastKey = String(token.value)
        return
      case TokenType.COLON:
        this.isAfterColon = true
        return
      default:
        return
    }
  }

  /** Whether an item at `depth` under `field` (object answers) belongs to the list. */
  holds(field: unknown, depth: number): boolean {
    return depth === 1 ? this.isArrayRoot : field === this.field
  }

  private claim(): void {
    if (this.field === null && this.lastKey !== null && this.listFields.includes(this.lastKey)) {
      this.field = this.lastKey
    }
  }
}
