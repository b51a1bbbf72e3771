import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import { FAIL_MARKER } from '../../src/sim/index.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 300 } })

const LONG_PROMPT = `a red fox running through fresh snow at dawn, ${'slow motion, '.repeat(30)}the end`

describe('the job summary at a glance', () => {
  it('a run: the outcome, then the prompt (clipped) and the model, before any table; a workspace-relative path', async () => {
    const s = await start({ videoBytes: 4096 })
    const workspace = await makeTempDir('aivideo-glance-ws-')
    const result = await main({
      workspace,
      inputs: simInputs(s.url, {
        payload: JSON.stringify({ ...T2V_PAYLOAD, prompt: LONG_PROMPT }),
        download: 'out/fox.mp4'
      })
    })

    expect(result.code).toBe(0)
    const [heading, glance] = result.summary.split('\n')
    expect(heading).toBe('<h3>✅ AIVideoMaker run — COMPLETED</h3>')
    expect(glance).toMatch(
      /^<p><strong>Prompt<\/strong>: “a red fox running through fresh snow at dawn, slow motion, .*…” · <strong>Model<\/strong>: <code>t2v<\/code><\/p>$/
    )
    expect(glance).not.toContain('the end')
    expect(result.summary).toContain('<td>Downloaded to</td><td><code>out/fox.mp4</code></td>')
    expect(result.summary).not.toContain(workspace)
  })

  it('a TIMEOUT: its next steps once, with the inputs to set as code, not raw backticks', async () => {
    const s = await start()
    const result = await main({
      inputs: simInputs(s.url, { 'wait-timeout': '100ms', 'fail-on-error': 'false' })
    })

    expect(result.outputs.errorCode).toBe('TIMEOUT')
    const { taskId } = result.outputs
    expect(result.summary).toContain(`<code>task-id: ${taskId}</code>`)
    expect(result.summary.match(/Next steps/g)).toHaveLength(1)
    expect(result.summary).not.toContain('`')
  })

  it('a batch: one credits column, and errors folded into <details> so the table fits', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-glance-ws-')
    await writeFile(
      join(workspace, 'batch.json'),
      JSON.stringify([
        { name: 'fox', model: 't2v', payload: { ...T2V_PAYLOAD, prompt: LONG_PROMPT } },
        { name: 'owl', model: 't2v', payload: { ...T2V_PAYLOAD, prompt: `an owl ${FAIL_MARKER}` } },
        { name: 'moose', model: 't2v', payload: { ...T2V_PAYLOAD, duration: '7' } }
      ])
    )
    const result = await main({
      workspace,
      inputs: {
        'batch-file': 'batch.json',
        'api-key': E2E_KEY,
        'base-url': s.url,
        'poll-interval': '100ms',
        'continue-on-invalid': 'true',
        'fail-on-error': 'false'
      }
    })

    const { summary } = result
    expect(summary.split('\n')[0]).toBe('<h3>❌ AIVideoMaker batch — failed: TASK_FAILED</h3>')
    expect(summary).toContain(
      '<tr><th>#</th><th>Name</th><th>Model</th><th>Status</th><th>Task id</th><th>Credits</th><th>Result</th></tr>'
    )
    // Each name has the start of its prompt under it, clipped.
    expect(summary).toMatch(
      /<td>fox<br><sub>“a red fox running through fresh snow at dawn, slow motion, s…”<\/sub><\/td>/
    )
    expect(summary).not.toContain('the end')
    // The failed task was charged and refunded: one cell says both.
    expect(summary).toMatch(
      /<td>owl<br><sub>“an owl \[sim:fail\]”<\/sub><\/td>.*?<td>15, 15 refunded<\/td>/
    )
    expect(summary).toMatch(
      /<td>moose<br><sub>.*?<\/sub><\/td>.*?<td>—<\/td><td><details><summary><code>INVALID_PAYLOAD<\/code> why<\/summary>item 3 /
    )
  })
})
