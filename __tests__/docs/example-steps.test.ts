import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, REPO_ROOT, T2V_PAYLOAD } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import {
  runScripts,
  runWorkflow,
  workflowOf,
  yamlBlocks,
  type ActionOutputs
} from '../../__fixtures__/workflow-emulator.js'
import { FAIL_MARKER } from '../../src/sim/index.js'
import { commandLines } from '../sinks/hostile-text.js'

/**
 * What users copy: every example workflow and every YAML snippet of the README and docs.
 * Their `run:` steps are run (see __fixtures__/workflow-emulator.ts) against the outputs of
 * two real batch steps: 1000 items, and a few whose upstream text is hostile.
 */

/** The attack: a message that, echoed, starts a workflow command of its own. */
const INJECTED = 'bad thing <img src=x onerror=alert(1)>\n::warning::INJECTED'

/** Prompts a shell quotes badly: an apostrophe, a command substitution, backticks. */
const AWKWARD_PROMPTS = [
  "the fox's den",
  'a fox $(touch pwned) in snow',
  'a `id` fox, "quoted"',
  `a fox that fails ${FAIL_MARKER}`
]

const harness = useActionHarness({
  durationsMs: { submittedMs: 20, totalMs: 60 },
  generationRequestsPerMinute: -1,
  timeoutMs: 170_000
})

async function sources(): Promise<{ label: string; text: string }[]> {
  const examples = join(REPO_ROOT, '.github/workflows/examples')
  const list: { label: string; text: string }[] = []
  for (const file of (await readdir(examples)).sort()) {
    list.push({ label: file, text: await readFile(join(examples, file), 'utf8') })
  }
  const pages = ['README.md', ...(await readdir(join(REPO_ROOT, 'docs'))).map(f => `docs/${f}`)]
  for (const page of pages.filter(p => p.endsWith('.md')).sort()) {
    yamlBlocks(await readFile(join(REPO_ROOT, page), 'utf8')).forEach((text, index) =>
      list.push({ label: `${page} block ${index + 1}`, text })
    )
  }
  return list
}

/** A real batch step's outputs, its results file kept in a folder that outlives the step. */
async function batchStep(
  items: unknown[],
  simOptions: Parameters<typeof harness.start>[0]
): Promise<ActionOutputs> {
  const sim = await harness.start(simOptions)
  const workspace = await makeTempDir('aivideo-examples-ws-')
  const runnerTemp = await makeTempDir('aivideo-examples-tmp-')
  await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
  const step = await harness.main({
    workspace,
    env: { RUNNER_TEMP: runnerTemp },
    inputs: {
      'batch-file': 'batch.json',
      'api-key': E2E_KEY,
      'base-url': sim.url,
      'poll-interval': '100ms',
      concurrency: '20',
      'continue-on-invalid': 'true',
      'fail-on-error': 'false'
    },
    timeoutMs: 160_000
  })
  expect(step.code).toBe(0)
  expect(step.outputs['results-file']).not.toBe('')
  return { outputs: step.outputs }
}

function fox(index: number, prompt = `${T2V_PAYLOAD.prompt}, take ${index}`) {
  return { name: `fox-${index}`, model: 't2v', payload: { ...T2V_PAYLOAD, prompt } }
}

describe('the run: steps users copy', () => {
  let texts: { label: string; text: string }[] = []
  let big: ActionOutputs
  let hostile: ActionOutputs

  beforeAll(async () => {
    texts = await sources()
    big = await batchStep(
      Array.from({ length: 1000 }, (_, i) => fox(i + 1)),
      { balance: 20_000, queryLimit: 100_000 }
    )
    hostile = await batchStep(
      [fox(1), fox(2), ...AWKWARD_PROMPTS.map((prompt, i) => fox(i + 3, prompt))],
      {
        faults: [
          { route: 'create', kind: 'http-error', status: 400, message: INJECTED, times: 1 },
          { route: 'detail', kind: 'hostile-fields', text: INJECTED, times: 2 }
        ]
      }
    )
  }, 300_000)

  it('a 1000-item batch gives outputs too large for one environment string', () => {
    // Linux refuses one environment string over 128 KiB (MAX_ARG_STRLEN): the reason
    // scripts must read results-file, never the results output through env:.
    expect(JSON.parse(big.outputs.results)).toHaveLength(1000)
    expect(big.outputs.results.length).toBeGreaterThan(128 * 1024)
  })

  it('have every item whole in the results file of a 1000-item batch', async () => {
    const items = JSON.parse(await readFile(big.outputs['results-file'], 'utf8')) as {
      name: string
      ok: boolean
      data: { task: unknown }
    }[]
    expect(items.map(item => item.name)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `fox-${i + 1}`)
    )
    // The results output drops each task's detail at this size; the file keeps it.
    expect(items.every(item => item.ok && item.data.task !== null)).toBe(true)
  })

  it('meet hostile text: the results file carries the attack and the awkward prompts', async () => {
    const text = await readFile(hostile.outputs['results-file'], 'utf8')
    expect(text).toContain(JSON.stringify(INJECTED).slice(1, -1))
    expect(text).toContain("the fox's den")
    expect(hostile.outputs.ok).toBe('false')
  })

  it('interpolate no ${{ }} expression into a script', () => {
    const scripts = texts.flatMap(({ label, text }) => {
      const workflow = workflowOf(label, text)
      return workflow === null ? [] : runScripts(workflow)
    })
    // The examples have run: steps of their own, so this looks at something.
    expect(scripts.length).toBeGreaterThanOrEqual(3)
    for (const { label, script } of scripts)
      expect([label, script]).not.toContainEqual(expect.stringContaining('${{'))
  })

  it.each([
    ['a 1000-item batch', () => big],
    ['hostile upstream text and awkward prompts', () => hostile]
  ])(
    'run to the end with %s, and start no workflow command',
    async (_, scenario) => {
      let steps = 0
      for (const { label, text } of texts) {
        const workflow = workflowOf(label, text)
        if (workflow === null) continue
        for (const run of await runWorkflow(workflow, scenario())) {
          steps++
          const output = `${run.stdout}\n${run.stderr}`
          expect([run.label, run.spawnError, run.code, run.stderr]).toEqual([
            run.label,
            null,
            0,
            run.stderr
          ])
          expect([run.label, commandLines(output)]).toEqual([run.label, []])
          expect([run.label, run.summary]).not.toContainEqual(expect.stringContaining('<img'))
        }
      }
      expect(steps).toBeGreaterThanOrEqual(3)
    },
    120_000
  )
})
