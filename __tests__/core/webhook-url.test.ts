import { describe, expect, it } from '@jest/globals'
import { parseWebhookUrl } from '../../src/core/api/webhook-url.js'
import { createClient } from '../../src/core/api/client.js'
import { useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()
const REMOTE = 'https://aivideomaker.ai'
const ACTION_LABELS = {
  apiKey: 'api-key',
  baseUrl: 'base-url',
  webhookUrl: 'webhook-url',
  waitTimeout: 'wait-timeout',
  pollInterval: 'poll-interval'
}

describe('parseWebhookUrl', () => {
  it('accepts https and sends it as punycode host and percent-encoded path', () => {
    expect(parseWebhookUrl('https://bücher.example/hooks/vidéo?x=ü', REMOTE)).toEqual({
      ok: true,
      url: 'https://xn--bcher-kva.example/hooks/vid%C3%A9o?x=%C3%BC'
    })
  })

  it.each([
    ['plain http to a private host', 'http://10.0.0.1:22/x'],
    ['plain http to the metadata service', 'http://169.254.169.254/latest'],
    ['plain http to a public host', 'http://example.com/hook'],
    ['credentials', 'https://user:pw@example.com/hook'],
    ['a user name alone', 'https://user@example.com/hook'],
    ['another scheme', 'javascript:alert(1)'],
    ['no URL', 'not a url'],
    ['a line break', 'https://example.com/a\nX-Evil: 1']
  ])("refuses %s with INVALID_INPUT in the face's words", (_name, text) => {
    const parsed = parseWebhookUrl(text, REMOTE, ACTION_LABELS)
    expect(parsed).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', setting: 'webhookUrl' })
    expect(parsed.ok ? '' : parsed.errorMessage).toMatch(/^webhook-url /)
  })

  it('allows loopback http only while the base URL is loopback too (a local simulator)', () => {
    expect(parseWebhookUrl('http://127.0.0.1:9000/hook', 'http://127.0.0.1:8787').ok).toBe(true)
    expect(parseWebhookUrl('http://127.0.0.1:9000/hook', REMOTE).ok).toBe(false)
    expect(parseWebhookUrl('http://10.0.0.1/hook', 'http://127.0.0.1:8787').ok).toBe(false)
  })
})

describe('createGeneration with a webhook URL', () => {
  const payload = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

  it('sends nothing for a refused one', async () => {
    const client = createClient({ apiKey: 'test-key-1234', baseUrl: server.url })
    const envelope = await client.createGeneration('t2v', payload, {
      webhookUrl: 'https://u:p@example.com/hook'
    })
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    expect(server.requests).toHaveLength(0)
  })

  it('sends an accepted one in its encoded form', async () => {
    server.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ taskId: 'ck1', status: 'SUBMITTED' }))
    })
    const client = createClient({ apiKey: 'test-key-1234', baseUrl: server.url })
    await client.createGeneration('t2v', payload, { webhookUrl: 'https://bücher.example/ü' })
    expect(server.requests[0].headers.webhookurl).toBe('https://xn--bcher-kva.example/%C3%BC')
  })
})
