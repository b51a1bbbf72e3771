import http from 'node:http'
import https from 'node:https'

const WEBHOOK_TIMEOUT_MS = 2000

/**
 * Best-effort status notifications: one POST per status change, in order per task,
 * each given 2 s; a failing receiver is ignored and never affects the task.
 */
export class WebhookSender {
  private readonly inFlight = new Set<http.ClientRequest>()
  private readonly queues = new Map<string, Promise<void>>()
  private isStopped = false

  notify(taskId: string, url: string, payload: Record<string, unknown>): void {
    const previous = this.queues.get(taskId) ?? Promise.resolve()
    const next = previous.then(() => this.post(url, payload))
    this.queues.set(taskId, next)
    void next.then(() => {
      if (this.queues.get(taskId) === next) this.queues.delete(taskId)
    })
  }

  /** Abandons every delivery in flight (the server is stopping). */
  stop(): void {
    this.isStopped = true
    for (const request of this.inFlight) request.destroy()
    this.inFlight.clear()
  }

  private post(url: string, payload: Record<string, unknown>): Promise<void> {
    const body = Buffer.from(JSON.stringify(payload))
    return new Promise(resolve => {
      if (this.isStopped) {
        resolve()
        return
      }
      let request: http.ClientRequest
      const finish = (): void => {
        this.inFlight.delete(request)
        resolve()
      }
      try {
        const transport = new URL(url).protocol === 'https:' ? https : http
        request = transport.request(url, {
          method: 'POST',
          agent: false,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }
        })
      } catch {
        resolve()
        return
      }
      this.inFlight.add(request)
      request.on('response', response => response.resume())
      request.on('error', finish)
      request.on('close', finish)
      request.end(body)
    })
  }
}
