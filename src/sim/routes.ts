import type { FaultRoute } from './faults.js'

/** The API's routes (each can carry faults), plus the inline-image files. */
export type RouteName = FaultRoute | 'input'

interface RouteEntry {
  route: RouteName
  methods: readonly string[]
  pattern: RegExp
  /** Names of the pattern's capture groups, in order. */
  params: readonly string[]
}

const ROUTE_TABLE: readonly RouteEntry[] = [
  {
    route: 'create',
    methods: ['POST'],
    pattern: /^\/api\/v1\/generate\/([^/]+)$/,
    params: ['model']
  },
  { route: 'quote', methods: ['POST'], pattern: /^\/api\/v1\/quote\/([^/]+)$/, params: ['model'] },
  { route: 'list', methods: ['GET'], pattern: /^\/api\/v1\/tasks$/, params: [] },
  { route: 'detail', methods: ['GET'], pattern: /^\/api\/v1\/tasks\/([^/]+)$/, params: ['taskId'] },
  {
    route: 'status',
    methods: ['GET'],
    pattern: /^\/api\/v1\/tasks\/([^/]+)\/status$/,
    params: ['taskId']
  },
  // Cancel is PUT upstream; POST and DELETE answer 405, a common client mistake.
  {
    route: 'cancel',
    methods: ['PUT'],
    pattern: /^\/api\/v1\/tasks\/([^/]+)\/cancel$/,
    params: ['taskId']
  },
  { route: 'account', methods: ['GET'], pattern: /^\/api\/v1\/account$/, params: [] },
  {
    route: 'input',
    methods: ['GET', 'HEAD'],
    pattern: /^\/files\/inputs\/([^/]+)$/,
    params: ['name']
  },
  {
    route: 'video',
    methods: ['GET', 'HEAD'],
    pattern: /^\/files\/([^/]+)\.mp4$/,
    params: ['taskId']
  }
]

export type Routing =
  | { kind: 'route'; route: RouteName; params: Record<string, string> }
  | { kind: 'method-not-allowed'; route: RouteName; allow: readonly string[] }
  | { kind: 'not-found' }

function decodeParams(
  names: readonly string[],
  values: string[]
): Record<string, string> | undefined {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i])]))
  } catch {
    return undefined
  }
}

export function matchRoute(method: string, pathname: string): Routing {
  for (const entry of ROUTE_TABLE) {
    const match = entry.pattern.exec(pathname)
    if (match === null) continue
    if (!entry.methods.includes(method)) {
      return { kind: 'method-not-allowed', route: entry.route, allow: entry.methods }
    }
    const params = decodeParams(entry.params, match.slice(1))
    return params === undefined
      ? { kind: 'not-found' }
      : { kind: 'route', route: entry.route, params }
  }
  return { kind: 'not-found' }
}
