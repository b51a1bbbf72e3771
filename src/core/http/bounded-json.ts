/**
 * Limits on a copy of JSON that upstream sent. An answer is untrusted: 100,000 nested
 * arrays parse fine (V8's JSON.parse is iterative) but overflow the stack of any
 * recursive walk, JSON.stringify included. Real answers are a few levels deep and a few
 * hundred values long, so these limits cut only what no answer needs.
 */
export const JSON_LIMITS = {
  /** Containers nested deeper than this are replaced by `JSON_CUT_MARK`. */
  maxDepth: 64,
  /** Values (containers and leaves) copied in all; the rest are left out. */
  maxValues: 100_000
}

/** What stands in for a container beyond `maxDepth`. */
export const JSON_CUT_MARK = '[cut: nested too deep]'

export interface JsonCopyOptions {
  /** Applied to every string and every object key (e.g. redaction). */
  text?: (value: string) => string
  maxDepth?: number
  maxValues?: number
  /** Told once when the value budget ran out and the copy left values out. */
  onCut?: () => void
}

type Container = unknown[] | Record<string, unknown>

/**
 * A copy of a JSON-like value (strings, arrays, plain objects; other values kept as they
 * are) that is at most `maxDepth` containers deep and `maxValues` values large, with
 * `text` applied to every string and key. Iterative and breadth-first: no input can
 * overflow the stack, and the shallow fields (a task's id and status) are copied before
 * anything nested can use up the budget.
 */
export function copyJson(value: unknown, options: JsonCopyOptions = {}): unknown {
  const text = options.text ?? ((s: string) => s)
  const maxDepth = options.maxDepth ?? JSON_LIMITS.maxDepth
  let budget = (options.maxValues ?? JSON_LIMITS.maxValues) - 1
  const leaf = (item: unknown): unknown => (typeof item === 'string' ? text(item) : item)
  if (!isContainer(value)) return leaf(value)
  if (maxDepth < 1) return JSON_CUT_MARK
  const root = emptyLike(value)
  const queue: { source: Container; target: Container; depth: number }[] = [
    { source: value, target: root, depth: 1 }
  ]
  for (let next = 0; next < queue.length; next++) {
    const { source, target, depth } = queue[next]
    for (const [key, item] of entriesOf(source)) {
      if (budget <= 0) {
        options.onCut?.()
        return root
      }
      budget--
      let copy: unknown
      if (!isContainer(item)) copy = leaf(item)
      else if (depth >= maxDepth) copy = JSON_CUT_MARK
      else {
        copy = emptyLike(item)
        queue.push({ source: item, target: copy as Container, depth: depth + 1 })
      }
      put(target, key, copy, text)
    }
    // Done with this container: let its source be collected while the walk goes on.
    queue[next] = undefined as never
  }
  return root
}

function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isPlainObject(value)
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? [] : {}
}

function entriesOf(value: Container): Iterable<[string | number, unknown]> {
  return Array.isArray(value) ? value.entries() : Object.entries(value)
}

function put(
  target: Container,
  key: string | number,
  value: unknown,
  text: (s: string) => string
): void {
  if (Array.isArray(target)) {
    target.push(value)
    return
  }
  // defineProperty, so a `__proto__` key from JSON stays a plain field.
  Object.defineProperty(target, text(String(key)), {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  })
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}
