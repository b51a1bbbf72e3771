import { describe, expect, it } from '@jest/globals'
import { crossFieldIssues } from '../../src/core/validation/cross-field-rules.js'

describe('crossFieldIssues', () => {
  it('rejects minimax frames combined with references', () => {
    const issues = crossFieldIssues('minimax', {
      imageUrl: 'https://example.com/a.png',
      referenceImageUrls: ['https://example.com/b.png']
    })
    expect(issues).toHaveLength(1)
    expect(issues[0]).toContain(
      'payload.imageUrl cannot be combined with payload.referenceImageUrls'
    )
  })
  it('requires imageUrl beside lastFrameUrl for minimax', () => {
    expect(crossFieldIssues('minimax', { lastFrameUrl: 'https://example.com/z.png' })).toEqual([
      'payload.lastFrameUrl requires payload.imageUrl (the first frame); add imageUrl'
    ])
  })
  it('treats null and empty arrays as absent', () => {
    expect(crossFieldIssues('minimax', { imageUrl: null, referenceImageUrls: [] })).toEqual([])
  })
  it('rejects seedance20 audio without a prompt, image or video', () => {
    expect(crossFieldIssues('seedance20', { audio: ['https://example.com/a.mp3'] })).toEqual([
      'payload.audio cannot be used alone; add payload.prompt, payload.image or payload.video'
    ])
  })
  it('has no rules for models without cross-field constraints', () => {
    expect(crossFieldIssues('t2v', {})).toEqual([])
  })
})
