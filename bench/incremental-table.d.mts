export declare const TABLE_START: string
export declare const TABLE_END: string

export interface IncrementalPush {
  push: number
  changed: number
  creations: number
  creates: number
  requests: number
  creditsCharged: number
  delivered: number
  wallMs: number
}

export interface IncrementalArm {
  pushes: IncrementalPush[]
  totals: { creations: number; creditsCharged: number }
}

export interface IncrementalReport {
  machine: { node: string; cpus: number; platform: string }
  config: { items: number; pushes: number; speed: number }
  today: IncrementalArm
  cached: IncrementalArm
  unchangedPush: IncrementalPush
}

export declare function missedTargets(report: IncrementalReport): string[]
export declare function renderIncrementalTable(report: IncrementalReport): string
