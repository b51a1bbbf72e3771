import { describe, expect, it } from '@jest/globals'
import { isLoopbackHost, parseBaseUrl } from '../../src/core/http/base-url.js'

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

describe('isLoopbackHost', () => {
  it('knows the loopback names', () => {
    expect(isLoopbackHost('127.5.6.7')).toBe(true)
    expect(isLoopbackHost('localhost.evil.com')).toBe(false)
  })
})
