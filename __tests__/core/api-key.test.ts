import { describe, expect, it } from '@jest/globals'
import { checkApiKey } from '../../src/core/api/api-key.js'
import { createClient } from '../../src/core/api/client.js'
import { useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()
const CLI_LABELS = {
  apiKey: 'AIVIDEO_API_KEY',
  baseUrl: '--base-url',
  webhookUrl: '--webhook-url',
  waitTimeout: '--wait-timeout',
  pollInterval: '--poll-interval'
}

describe('checkApiKey', () => {
  it('accepts a key of visible Latin-1 characters', () => {
    expect(checkApiKey('sk_live-ABC.def~123')).toBeNull()
    expect(checkApiKey('clé-é')).toBeNull()
  })

  it.each([
    ['a euro sign', 'secret€key'],
    ['a NUL', 'secret\u0000key'],
    ['a line break', 'secret\nkey'],
    ['a tab', 'secret\tkey'],
    ['a C1 control', 'secret\u0085key'],
    ['DEL', 'secret\u007fkey'],
    ['an emoji', 'secret🎬key']
  ])('refuses %s with INVALID_INPUT, never echoing the key', (_name, key) => {
    const refusal = checkApiKey(key, CLI_LABELS)
    expect(refusal).toMatchObject({ ok: false, setting: 'apiKey', errorCode: 'INVALID_INPUT' })
    expect(refusal?.errorMessage).toMatch(/^AIVIDEO_API_KEY holds a character/)
    expect(refusal?.errorMessage).not.toContain('secret')
    expect(refusal?.errorMessage).not.toContain(key.slice(6, -3))
  })
})

describe('createClient and a key no header can carry', () => {
  it('answers INVALID_INPUT and sends nothing', async () => {
    const client = createClient({ apiKey: 'secret€key', baseUrl: server.url, maxRetries: 3 })
    const envelope = await client.account()
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    expect(envelope.errorMessage).not.toMatch(/connectivity|secret/)
    expect(server.requests).toHaveLength(0)
  })
})
