import { describe, expect, it } from '@jest/globals'
import {
  GITHUB_COMMENT_MAX_CHARS,
  RESULTS_MARKER,
  renderResultsComment,
  resultsMarker,
  type ResultRow
} from '../../src/action/pr-comment-body.js'

function row(fields: Partial<ResultRow>): ResultRow {
  return {
    ok: false,
    status: null,
    taskId: null,
    data: null,
    errorCode: null,
    errorMessage: null,
    retryAfter: null,
    ...fields
  }
}

describe('renderResultsComment', () => {
  it('starts with the marker and says so when no task ran', () => {
    const body = renderResultsComment([])
    expect(body.startsWith(`${RESULTS_MARKER}\n`)).toBe(true)
    expect(body).toContain('No tasks ran.')
    expect(body).not.toContain('| # |')
  })

  it('shows unnamed results by model and numbers them in the failure list', () => {
    const body = renderResultsComment([
      row({
        status: 'SUBMITTED',
        taskId: 'ck2',
        data: { model: 't2v' },
        errorCode: 'TIMEOUT',
        errorMessage: 'Waited 30m.'
      }),
      row({ errorCode: 'BUDGET_EXCEEDED', errorMessage: 'Too dear.', model: 'lv' })
    ])
    expect(body).toContain('| 1 | `t2v` | ⏳ `SUBMITTED` `TIMEOUT` | task `ck2` | — | — |')
    expect(body).toContain('| 2 | `lv` | ❌ `BUDGET_EXCEEDED` | — | — | — |')
    // A batch's failures list their codes; the messages fold into one <details>.
    expect(body).toContain('- **`#1`** (`t2v`), task `ck2`: `TIMEOUT`\n')
    expect(body).toContain('- **`#2`** (`lv`): `BUDGET_EXCEEDED`\n')
    const folded = body.slice(body.indexOf('<details>'), body.indexOf('</details>'))
    expect(folded).toContain('<summary>Messages and next steps</summary>\n\n')
    expect(folded).toContain('- **`#1`**: `Waited 30m.`')
    expect(folded).toContain('- **`#2`**: `Too dear.`')
  })

  it("keeps a single run's failure message on its line, unfolded", () => {
    const body = renderResultsComment([
      row({
        status: 'SUBMITTED',
        taskId: 'ck2',
        model: 't2v',
        errorCode: 'TIMEOUT',
        errorMessage: 'Waited 30m.'
      })
    ])
    expect(body).toContain('- **`#1`** (`t2v`), task `ck2`: `TIMEOUT` — `Waited 30m.`')
    expect(body).not.toContain('<details>')
  })

  it('leaves out the 24-hour note when there is no link, and the run link when there is no run', () => {
    const body = renderResultsComment([row({ errorCode: 'AUTH_FAILED', errorMessage: 'No key.' })])
    expect(body).not.toContain('24 hours')
    expect(body).not.toContain('Workflow run')
  })

  it('reads the link and credits from the task detail when the run data lacks them', () => {
    const body = renderResultsComment([
      row({
        ok: true,
        status: 'COMPLETED',
        name: 'fox',
        data: {
          task: {
            model: 'i2v',
            videoUrl: 'https://cdn.example/v.mp4',
            creditsCharged: 24,
            creditsRefunded: 0
          }
        }
      })
    ])
    expect(body).toContain(
      '| 1 | `fox` · `i2v` | ✅ `COMPLETED` | [video](https://cdn.example/v.mp4) | 24 | 0 |'
    )
  })

  it('links only http(s) URLs and keeps them from breaking the Markdown', () => {
    const body = renderResultsComment(
      [
        row({ ok: true, status: 'COMPLETED', data: { videoUrl: 'javascript:alert(1)' } }),
        row({
          ok: true,
          status: 'COMPLETED',
          data: { videoUrl: 'https://cdn.example/a (1)|b.mp4' }
        })
      ],
      { runUrl: 'file:///etc/passwd' }
    )
    expect(body).not.toContain('javascript:')
    expect(body).toContain('[video](https://cdn.example/a%20%281%29%7Cb.mp4)')
    expect(body).not.toContain('Workflow run')
  })

  it('fits the given size by leaving out trailing rows, and still counts them all', () => {
    const results = Array.from({ length: 50 }, (_, i) =>
      row({ ok: true, status: 'COMPLETED', name: `clip ${i}`, data: { creditsCharged: 2 } })
    )
    const body = renderResultsComment(results, { maxChars: 2000 })
    expect(body.length).toBeLessThanOrEqual(2000)
    expect(body).toContain('**50 of 50** tasks succeeded · **100** credits charged')
    const shown = body.split('\n').filter(line => /^\| \d+ \|/.test(line)).length
    expect(body).toContain(
      `_${50 - shown} more result(s) are not shown: a GitHub comment holds at most ${GITHUB_COMMENT_MAX_CHARS}`
    )
    expect(body).toContain(`| ${shown} | \`clip ${shown - 1}\` |`)
  })

  it('masks every given secret', () => {
    const body = renderResultsComment(
      [row({ name: 'uses key-abcdef-123', errorMessage: 'x key-abcdef-123 y' })],
      {
        secrets: ['key-abcdef-123', '']
      }
    )
    expect(body).not.toContain('key-abcdef-123')
    expect(body).toContain('x *** y')
  })
})

describe('resultsMarker', () => {
  it('is the plain marker without a key, and a keyed marker with only safe characters', () => {
    expect(resultsMarker()).toBe(RESULTS_MARKER)
    expect(resultsMarker('')).toBe(RESULTS_MARKER)
    expect(resultsMarker('shard-1')).toBe('<!-- aivideomaker-action:results:shard-1 -->')
    expect(resultsMarker('a --> b')).toMatch(
      /^<!-- aivideomaker-action:results:a--b-[0-9a-f]{12} -->$/
    )
    // Keys that clean to the same letters (two matrix legs) still get different markers.
    expect(resultsMarker('{"os":"linux"}')).not.toBe(resultsMarker('{"os":"linux!"}'))
  })
})
