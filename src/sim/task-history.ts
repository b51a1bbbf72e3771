import type { Account } from './accounts.js'
import { priceCredits } from './pricing.js'
import { createRandomSource } from './random-source.js'
import type { ViewSettings } from './task-views.js'

const RESULT_MESSAGE = 'The file will only be saved for 24 hours, please download it promptly.'
const FAILED_MESSAGE = 'Generation failed; the credits were refunded.'
/** A heavy user's pace: a 100-video batch a day, so 100,000 tasks span about three years. */
const HISTORY_SPACING_MS = 864_000
/** Share of history tasks that ended FAILED (refunded). */
const HISTORY_FAILURE_RATE = 0.03
const WORDS = [
  'a',
  'red',
  'fox',
  'in',
  'snow',
  'slow',
  'motion',
  'city',
  'at',
  'night',
  'drone',
  'shot',
  'over',
  'the',
  'ocean',
  'golden',
  'hour',
  'cinematic',
  'close-up',
  'of',
  'product',
  'on',
  'marble',
  'table',
  'soft',
  'light',
  'timelapse',
  'clouds',
  'mountain',
  'lake',
  'reflection'
]
const JOBS = [
  { model: 't2v', aspectRatio: '16:9', duration: '5' },
  { model: 't2v', aspectRatio: '9:16', duration: '8' },
  { model: 't2v_v3', aspectRatio: '1:1', duration: '5' }
] as const

/**
 * Finished tasks a key made before the simulator started (`history` option) or that
 * `POST /__sim/history` adds: N realistic list items (about 600 bytes each, as upstream's)
 * without N creations. Each item is drawn from the seed and its index alone, so the list
 * is repeatable. A block holds its items' JSON in one buffer (about 60 MB for 100,000),
 * so an answer writes slices of it and costs the simulator no CPU however much of it a
 * client reads. History tasks appear only in the list.
 */
export class HistoryBlock {
  /** Every item's JSON, joined by commas: an answer's history is slices of it, copied never. */
  private readonly bytes: Buffer
  /** Where each item starts in `bytes` (count + 1 entries; the last is one past the end). */
  private readonly offsets: Float64Array

  /**
   * @param afterTasks how many real tasks existed when the block was added: the block
   *   lists after (is older than) every task created later
   * @param newestAtMs creation time of the block's newest task
   */
  constructor(
    readonly account: Account,
    readonly count: number,
    readonly afterTasks: number,
    private readonly seed: number,
    private readonly newestAtMs: number,
    private readonly spacingMs: number,
    private readonly settings: ViewSettings
  ) {
    const items = Array.from({ length: count }, (_, i) => this.itemJson(i))
    this.bytes = Buffer.from(items.join(','))
    this.offsets = new Float64Array(count + 1)
    for (let i = 0; i < count; i++) {
      this.offsets[i + 1] = this.offsets[i] + Buffer.byteLength(items[i]) + 1
    }
  }

  /** A block of `count` tasks spaced a heavy user's day apart, the newest `spacing` before `nowMs`. */
  static atStart(
    account: Account,
    count: number,
    seed: number,
    nowMs: number,
    settings: ViewSettings
  ): HistoryBlock {
    return new HistoryBlock(
      account,
      count,
      0,
      seed,
      nowMs - HISTORY_SPACING_MS,
      HISTORY_SPACING_MS,
      settings
    )
  }

  /** Items `from` to `to` (exclusive; `from < to`) as list JSON, joined by commas. */
  slice(from: number, to: number): Buffer {
    return this.bytes.subarray(this.offsets[from], this.offsets[to] - 1)
  }

  /** Item `index` (0 = newest) as list JSON. */
  private itemJson(index: number): string {
    const random = createRandomSource((this.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)
    const job = JOBS[index % JOBS.length]
    const words = Array.from(
      { length: 12 + Math.floor(random() * 28) },
      () => WORDS[Math.floor(random() * WORDS.length)]
    )
    const id = `ckh${(this.seed >>> 0).toString(36)}x${index.toString(36).padStart(7, '0')}`
    const createdAtMs = this.newestAtMs - index * this.spacingMs
    const isFailed = random() < HISTORY_FAILURE_RATE
    const input = { prompt: words.join(' '), aspectRatio: job.aspectRatio, duration: job.duration }
    const credits = priceCredits(job.model, input)
    const field = this.settings.resultUrlField
    const item = {
      [this.settings.listIdField]: id,
      createdAt: new Date(createdAtMs).toISOString(),
      model: job.model,
      input,
      output: isFailed
        ? { [field]: null, msg: FAILED_MESSAGE, error: 'content refused' }
        : { [field]: `${this.settings.baseUrl}/files/${id}.mp4`, msg: RESULT_MESSAGE, error: null },
      status: isFailed ? 'FAILED' : 'COMPLETED',
      creditsCharged: credits,
      creditsRefunded: isFailed ? credits : 0,
      listValueCents: credits,
      idempotencyKey: `hist-${Math.floor(random() * 2 ** 48).toString(16)}-${index}`,
      completedAt: new Date(createdAtMs + 390_000).toISOString()
    }
    return JSON.stringify(item)
  }
}

/** Every history block, in the order they were added. */
export class HistoryShelf {
  private readonly blocks: HistoryBlock[] = []

  add(block: HistoryBlock): void {
    this.blocks.push(block)
  }

  blockCount(): number {
    return this.blocks.length
  }

  /** The account's blocks, newest (last added) first. */
  blocksFor(account: Account): HistoryBlock[] {
    return this.blocks.filter(block => block.account === account).reverse()
  }

  /** History tasks per account fingerprint, for the stats. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {}
    for (const block of this.blocks) {
      const name = block.account.fingerprint
      counts[name] = (counts[name] ?? 0) + block.count
    }
    return counts
  }
}
