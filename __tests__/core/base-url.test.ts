import { describe, expect, it } from '@jest/globals'
import { isLoopbackHost, parseBaseUrl } from '../../src/core/api/base-url.js'

describe('parseBaseUrl', () => {
  it('accepts https and trims trailing slashes', () => {
    expect(parseBaseUrl('https://aivideomaker.ai/')).toEqual({
      ok: true,
      url: 'https://aivideomaker.ai'
    })
  })
  it('accepts http on loopback hosts only', () => {
    expect(parseBaseUrl('http://127.0.0.1:8787').ok).toBe(true)
    expect(parseBaseUrl('http://localhost:8787').ok).toBe(true)
    expect(parseBaseUrl('http://[::1]:8787').ok).toBe(true)
    expect(parseBaseUrl('http://aivideomaker.ai')).toMatchObject({
      ok: false,
      errorCode: 'INVALID_INPUT'
    })
    expect(parseBaseUrl('http://10.0.0.5')).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
  })
  it('rejects other schemes, credentials, queries and garbage', () => {
    for (const bad of [
      'ftp://x',
      'file:///etc/passwd',
      'https://u:p@host',
      'https://host/?a=1',
      'not a url'
    ]) {
      expect(parseBaseUrl(bad)).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    }
  })
})

describe('parseBaseUrl and /api/v1', () => {
  it('refuses a base URL ending in /api/v1, naming it and the root to use', () => {
    for (const text of ['https://aivideomaker.ai/api/v1', 'https://aivideomaker.ai/api/v1/']) {
      const parsed = parseBaseUrl(text)
      expect(parsed).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', setting: 'baseUrl' })
      if (parsed.ok) throw new Error('expected a refusal')
      expect(parsed.errorMessage).toContain('https://aivideomaker.ai/api/v1')
      expect(parsed.errorMessage).toContain('set baseUrl to "https://aivideomaker.ai"')
    }
  })
  it('keeps other paths, for proxies', () => {
    expect(parseBaseUrl('https://proxy.example/aivideo/')).toEqual({
      ok: true,
      url: 'https://proxy.example/aivideo'
    })
    expect(parseBaseUrl('https://proxy.example/api/v1/x').ok).toBe(true)
  })
  it('names the setting as the face calls it', () => {
    const labels = {
      apiKey: 'api-key',
      baseUrl: 'base-url',
      webhookUrl: 'webhook-url',
      waitTimeout: 'wait-timeout',
      pollInterval: 'poll-interval'
    }
    const parsed = parseBaseUrl('http://10.0.0.5', labels)
    expect(parsed.ok ? '' : parsed.errorMessage).toMatch(/^base-url must use https/)
  })
})

describe('isLoopbackHost', () => {
  it('knows the loopback names', () => {
    expect(isLoopbackHost('127.5.6.7')).toBe(true)
    expect(isLoopbackHost('localhost.evil.com')).toBe(false)
  })
})

describe('parseBaseUrl and the API key', () => {
  const key = 'sk-live+9f/Qa=Zx81'

  it.each([
    ['raw in the path', `https://proxy.example/${key}`],
    ['URL-encoded in the path', `https://proxy.example/p/${encodeURIComponent(key)}`],
    ['hex in the path', `https://proxy.example/${Buffer.from(key).toString('hex')}`],
    ['base64 in the path', `https://proxy.example/${Buffer.from(key).toString('base64url')}`],
    ['in the host', 'https://sk-live-host-key-77.proxy.example']
  ])('refuses a base URL holding the key (%s), naming neither', (_where, url) => {
    const secret = url.includes('host-key') ? 'sk-live-host-key-77' : key
    const parsed = parseBaseUrl(url, undefined, secret)
    expect(parsed).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    const message = parsed.ok ? '' : parsed.errorMessage
    expect(message).toMatch(/baseUrl contains the API key/)
    expect(message).not.toContain(secret)
    expect(message).not.toContain('proxy.example')
  })

  it('accepts a base URL without the key', () => {
    expect(parseBaseUrl('https://proxy.example/v', undefined, key)).toMatchObject({ ok: true })
  })
})
