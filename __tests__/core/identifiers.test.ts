import { describe, expect, it } from '@jest/globals'
import { isValidIdempotencyKey, isValidTaskId } from '../../src/core/api/identifiers.js'

describe('isValidTaskId', () => {
  it.each(['ck123', 'a', 'ABC_def-123', 'x'.repeat(128), 'cm8z9k2x10000abcd'])('accepts %p', id => {
    expect(isValidTaskId(id)).toBe(true)
  })

  it.each([
    '',
    'x'.repeat(129),
    '../account',
    'a/b',
    'a.b',
    'a b',
    '%2e%2e',
    'ck123\n',
    'ck?x=1',
    'ck#1',
    'tâche'
  ])('rejects %p, which could leave the task path', id => {
    expect(isValidTaskId(id)).toBe(false)
  })

  it.each([123, null, undefined, ['ck1'], { id: 'ck1' }])('rejects the non-string %p', id => {
    expect(isValidTaskId(id)).toBe(false)
  })
})

describe('isValidIdempotencyKey', () => {
  it.each(['my-video', 'my-video-001', 'a'.repeat(128), 'run:42/job:3!~"{}', 'ABCDEFGH'])(
    'accepts %p',
    key => {
      expect(isValidIdempotencyKey(key)).toBe(true)
    }
  )

  it.each([
    ['seven c', 'a space'],
    ['abcdefg', '7 characters'],
    ['a'.repeat(129), '129 characters'],
    ['my video key', 'spaces'],
    ['my\tvideo-key', 'a tab'],
    ['my-video-key\n', 'a line break'],
    ['clé-vidéo-01', 'non-ASCII characters'],
    ['', 'nothing']
  ])('rejects %p (%s)', key => {
    expect(isValidIdempotencyKey(key)).toBe(false)
  })

  it.each([12345678, null, undefined])('rejects the non-string %p', key => {
    expect(isValidIdempotencyKey(key)).toBe(false)
  })
})
