export declare const TABLE_START: string
export declare const TABLE_END: string

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
  totals: {
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
  legs: { leg: number; shard: string; items: number; completed: number; wallMs: number }[]
}

export declare function renderScaleOutTable(report: ScaleOutReport): string
export declare function replaceScaleOutTable(docs: string, table: string): string
