import { createHash } from 'node:crypto'
import type { Payload } from './models.js'

export interface InputFile {
  contentType: string
  bytes: Buffer
}

const DATA_IMAGE_URI = /^data:(image\/(png|jpeg|webp|gif));base64,(.+)$/
const EXTENSIONS: Record<string, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', gif: 'gif' }

/**
 * Images sent inline as data URIs. Upstream stores them and shows a URL in the task's
 * `input` instead of the base64 text; this keeps them in memory and serves them the same way.
 */
export class InputFileStore {
  private readonly files = new Map<string, InputFile>()

  /** @param baseUrl where `/files/inputs/<name>` is served */
  constructor(private readonly baseUrl: string) {}

  /** A copy of a (validated) payload with every data-URI image replaced by its URL. */
  replaceDataImages(payload: Payload): Payload {
    return this.replace(payload) as Payload
  }

  get(name: string): InputFile | undefined {
    return this.files.get(name)
  }

  private replace(value: unknown): unknown {
    if (typeof value === 'string') return this.storeIfDataImage(value)
    if (Array.isArray(value)) return value.map(item => this.replace(item))
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.replace(v)]))
    }
    return value
  }

  private storeIfDataImage(value: string): string {
    const match = DATA_IMAGE_URI.exec(value)
    if (match === null) return value
    const bytes = Buffer.from(match[3], 'base64')
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32)
    const name = `${hash}.${EXTENSIONS[match[2]]}`
    this.files.set(name, { contentType: match[1], bytes })
    return `${this.baseUrl}/files/inputs/${name}`
  }
}
