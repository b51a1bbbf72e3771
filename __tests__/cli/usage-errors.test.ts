import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  T2V_PAYLOAD,
  checkRunsForTheKey,
  envelopeOf,
  runScript,
  useCliHarness,
  ROOT
} from './cli-process.js'
import packageJson from '../../package.json' with { type: 'json' }

const cli = useCliHarness({
  durationsMs: { submittedMs: 300, totalMs: 800 },
  workDirPrefix: 'aivideomaker-cli-usage-'
})

const PAYLOAD = JSON.stringify(T2V_PAYLOAD)

/** Runs a command that must be refused locally: exit 2, one envelope, one stderr line, no request. */
async function expectUsageError(
  args: string[],
  errorCode: string,
  extraEnv: Record<string, string> = {}
) {
  const before = cli.sim.stats().totalRequests
  const result = await runScript(args, { env: { ...cli.env, ...extraEnv }, cwd: cli.workDir })
  expect(result.code).toBe(2)
  const envelope = envelopeOf(result.stdout)
  expect(envelope).toMatchObject({ ok: false, status: null, taskId: null, data: null, errorCode })
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).toMatch(/see: aivideomaker --help/)
  expect(cli.sim.stats().totalRequests).toBe(before)
  return { envelope, stderr: result.stderr }
}

checkRunsForTheKey()

describe('usage errors exit 2, print an envelope and send nothing', () => {
  it('refuses an unknown flag and suggests the right spelling', async () => {
    const { envelope } = await expectUsageError(
      ['--action', 'getStatus', '--taskid', 'ck1'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('unknown flag --taskid (did you mean --taskId?)')
  })

  it('refuses a typo of a flag and names the flag meant, as the action names the input', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', '{}', '--max-credit', '20'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain(
      'unknown flag --max-credit (did you mean --max-credits?)'
    )
  })

  it("answers the action's payload-file and batch-file inputs, typed as flags, with the CLI's form", async () => {
    const payload = await expectUsageError(
      ['--model', 't2v', '--payload-file', 'fox.json'],
      'INVALID_INPUT'
    )
    expect(payload.envelope.errorMessage).toContain(
      'unknown flag --payload-file (did you mean --payload @<file>?)'
    )
    const batch = await expectUsageError(['--batch-file', 'nightly.yml'], 'INVALID_INPUT')
    expect(batch.envelope.errorMessage).toContain(
      'unknown flag --batch-file (did you mean --batch <file>?)'
    )
  })

  it('refuses --download with --action account: the core says which settings each operation reads', async () => {
    const { envelope } = await expectUsageError(
      ['--action', 'account', '--download', 'out/fox.mp4'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('--download does not apply to --action account')
  })

  it('refuses a flag without its value', async () => {
    const { envelope } = await expectUsageError(
      ['--action', 'getStatus', '--taskId'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('--taskId needs a value')
  })

  it('refuses getStatus, getTask and cancelTask without --taskId', async () => {
    for (const action of ['getStatus', 'getTask', 'cancelTask']) {
      const { stderr } = await expectUsageError(['--action', action], 'INVALID_INPUT')
      expect(stderr).toContain(`--action ${action} needs --taskId <id>`)
      expect(stderr).toContain(`--help --action ${action}`)
    }
  })

  it('refuses a task id that could walk to another URL', async () => {
    await expectUsageError(['--action', 'getTask', '--taskId', '../account'], 'INVALID_INPUT')
  })

  it('refuses a bad duration', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', PAYLOAD, '--wait-timeout', 'soon'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('--wait-timeout "soon" is not a duration')
    await expectUsageError(
      ['--model', 't2v', '--payload', PAYLOAD, '--poll-interval', '5ms'],
      'INVALID_INPUT'
    )
  })

  it('refuses an unknown action', async () => {
    const { envelope } = await expectUsageError(
      ['--action', 'getstatus', '--taskId', 'ck1'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('did you mean getStatus?')
  })

  it('refuses a malformed JSON payload as INVALID_PAYLOAD', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', '{prompt:fox'],
      'INVALID_PAYLOAD'
    )
    expect(envelope.errorMessage).toContain('--payload is not valid JSON')
  })

  it('refuses a payload the model does not accept, naming the fields', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', '{"prompt":"fox","duration":5,"aspectRatio":"4:3"}'],
      'INVALID_PAYLOAD'
    )
    expect(envelope.errorMessage).toContain('aspectRatio')
  })

  it('refuses an unknown model as INVALID_MODEL', async () => {
    await expectUsageError(['--model', 'sora', '--payload', PAYLOAD], 'INVALID_MODEL')
  })

  it('refuses a command with nothing to do', async () => {
    await expectUsageError([], 'INVALID_INPUT')
    await expectUsageError(['--model', 't2v'], 'INVALID_INPUT')
  })

  it('refuses a flag the action does not read, instead of ignoring it', async () => {
    const { envelope } = await expectUsageError(
      ['--action', 'getStatus', '--taskId', 'ck1', '--download', 'out.mp4'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('--download does not apply to --action getStatus')
    await expectUsageError(
      ['--taskId', 'ck1', '--model', 't2v', '--payload', PAYLOAD],
      'INVALID_INPUT'
    )
  })

  it('refuses the same flag twice, in either spelling', async () => {
    await expectUsageError(
      ['--action', 'getStatus', '--taskId', 'ck1', '--task-id', 'ck2'],
      'INVALID_INPUT'
    )
  })

  it('refuses a stray positional argument (an unquoted payload)', async () => {
    await expectUsageError(['--model', 't2v', '--payload', '{"prompt":', 'fox}'], 'INVALID_INPUT')
  })

  it('refuses --download onto a directory', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', PAYLOAD, '--download', cli.workDir],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain('is a directory')
  })

  it('refuses a missing --payload @file and never reads another file', async () => {
    const { envelope } = await expectUsageError(
      ['--model', 't2v', '--payload', '@missing.json'],
      'INVALID_INPUT'
    )
    expect(envelope.errorMessage).toContain(
      '--payload @missing.json: cannot read the file (no such file)'
    )
  })

  it('refuses bad environment values and an http base URL to a remote host', async () => {
    await expectUsageError(['--action', 'account'], 'INVALID_INPUT', { AIVIDEO_TIMEOUT_MS: 'fast' })
    await expectUsageError(['--action', 'account'], 'INVALID_INPUT', { AIVIDEO_MAX_RETRIES: '99' })
    await expectUsageError(
      ['--action', 'account', '--base-url', 'http://example.com'],
      'INVALID_INPUT'
    )
  })

  it('refuses a bad --max-credits, --idempotency-key or --webhook-url', async () => {
    const base = ['--model', 't2v', '--payload', PAYLOAD]
    await expectUsageError([...base, '--max-credits', '-5'], 'INVALID_INPUT')
    await expectUsageError([...base, '--max-credits', 'ten'], 'INVALID_INPUT')
    await expectUsageError([...base, '--idempotency-key', 'short'], 'INVALID_INPUT')
    await expectUsageError([...base, '--webhook-url', 'ftp://x'], 'INVALID_INPUT')
  })

  it('--quiet silences the stderr line but not the envelope', async () => {
    const result = await runScript(['--quiet', '--bogus'], { env: cli.env })
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('')
    expect(envelopeOf(result.stdout).errorCode).toBe('INVALID_INPUT')
  })
})

describe('missing or wrong key', () => {
  it('without AIVIDEO_API_KEY: AUTH_FAILED, exit 1, nothing sent', async () => {
    const before = cli.sim.stats().totalRequests
    const result = await runScript(['--model', 't2v', '--payload', PAYLOAD], {
      env: { AIVIDEO_BASE_URL: cli.sim.url }
    })
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({
      ok: false,
      errorCode: 'AUTH_FAILED',
      taskId: null
    })
    expect(result.stderr).toContain('AIVIDEO_API_KEY')
    expect(cli.sim.stats().totalRequests).toBe(before)
  })

  it('with a key the service refuses: AUTH_FAILED, exit 1', async () => {
    const wrongKey = 'sk-cli-test-wrong-71c3e0'
    const result = await runScript(['--action', 'account'], {
      env: { ...cli.env, AIVIDEO_API_KEY: wrongKey }
    })
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED' })
    expect(result.stdout + result.stderr).not.toContain(wrongKey)
  })
})

describe('--payload sources', () => {
  it('reads --payload @file.json (relative to the working directory)', async () => {
    await writeFile(join(cli.workDir, 'request.json'), JSON.stringify(T2V_PAYLOAD, null, 2))
    const result = await runScript(
      ['--action', 'quote', '--model', 't2v', '--payload', '@request.json'],
      {
        env: cli.env,
        cwd: cli.workDir
      }
    )
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, data: { credits: 15 } })
  })

  it('reads --payload - from standard input', async () => {
    const result = await runScript(['--action', 'quote', '--model', 't2v', '--payload', '-'], {
      env: cli.env,
      stdin: PAYLOAD
    })
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, data: { credits: 15 } })
  })

  it('refuses malformed JSON from a file or stdin as INVALID_PAYLOAD', async () => {
    await writeFile(join(cli.workDir, 'broken.json'), '{"prompt": "fox",')
    await expectUsageError(['--model', 't2v', '--payload', '@broken.json'], 'INVALID_PAYLOAD')
    const before = cli.sim.stats().totalRequests
    const result = await runScript(['--model', 't2v', '--payload', '-'], {
      env: cli.env,
      stdin: ''
    })
    expect(result.code).toBe(2)
    expect(envelopeOf(result.stdout).errorCode).toBe('INVALID_PAYLOAD')
    expect(cli.sim.stats().totalRequests).toBe(before)
  })
})

describe('--help and --version', () => {
  it('--help documents every action, flag, variable and the seed commands', async () => {
    const result = await runScript(['--help'], { env: {} })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    for (const word of [
      'createGeneration',
      'getStatus',
      'getTask',
      'cancelTask',
      'listTasks',
      'account',
      'quote',
      '--taskId, --task-id',
      '--payload <json|@file|->',
      '--wait-timeout',
      '--poll-interval',
      '--download',
      '--idempotency-key',
      '--max-credits',
      '--webhook-url',
      '--base-url',
      '--quiet',
      '--json',
      'AIVIDEO_API_KEY',
      'AIVIDEO_TIMEOUT_MS',
      'AIVIDEO_MAX_RETRIES',
      'AIVIDEO_BASE_URL',
      'node scripts/run-workflow.mjs --action cancelTask --taskId ck123'
    ]) {
      expect(result.stdout).toContain(word)
    }
  })

  it('--help --action <name> explains that action, with examples', async () => {
    const result = await runScript(['--help', '--action', 'getStatus'], { env: {} })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('aivideomaker --action getStatus --taskId <id>')
    expect(result.stdout).toContain('Examples:')
    expect(result.stdout).not.toContain('--wait-timeout')
  })

  it('--version prints the package version', async () => {
    const result = await runScript(['--version'], { env: {} })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${packageJson.version}\n`)
  })

  it('-h works from the repository root too', async () => {
    const result = await runScript(['-h'], { env: {}, cwd: ROOT })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage:')
  })
})

describe('secrets', () => {})
