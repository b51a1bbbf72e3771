export declare const TABLE_START: string
export declare const TABLE_END: string

export interface ScaleOutTotals {
  items: number
  completed: number
  failed: number
  everyItemOnce: boolean
  creations: number
  replays: number
  createRateLimited: number
  queryRateLimited: number
  queryRequests: number
  wallMs: number
}

export interface ScaleOutLeg {
  leg: number
  shard: string
  items: number
  completed: number
  wallMs: number
}

export interface ScaleOutReport {
  machine: { node: string; cpus: number; platform: string }
  config: {
    speed: number
    legs: number
    queryLimit: number
    creationsPerMinute: number
    concurrency: number
    sourceAddresses: string[]
  }
  totals: ScaleOutTotals
  legs: ScaleOutLeg[]
  /** The same legs all behind one source address (a shared NAT). */
  oneIp?: { sourceAddresses: string[]; totals: ScaleOutTotals; legs: ScaleOutLeg[] }
}

export declare function renderScaleOutTable(report: ScaleOutReport): string
export declare function replaceScaleOutTable(docs: string, table: string): string
