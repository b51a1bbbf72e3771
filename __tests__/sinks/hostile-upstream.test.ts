import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, simInputs } from '../../__fixtures__/runner.js'
import {
  API_KEY,
  T2V_PAYLOAD,
  runCliOnTerminal,
  runScript,
  useCliHarness
} from '../cli/cli-process.js'
import { commandLines } from './hostile-text.js'

/** The status string of the attack review, with a terminal attack and live Markdown added. */
const HOSTILE =
  'WEIRD\n::warning title=x::forged\n::stop-commands::tok\n::add-mask::COMPLETED\n' +
  '##[error]legacy \u001b]52;c;aGk=\u0007\r\u001b[2KCOMPLETED <img src=x> ' +
  '[log in](https://evil.example/p) @team'

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROLS = /[\u001b\u009b\u009d\r]/

/** The reporter's own code: back to the start of the line, erase it. */
const CLEAR_LINE = '\r\u001b[2K'

const action = useActionHarness({ durationsMs: { submittedMs: 300, totalMs: 900 } })
const cli = useCliHarness({
  durationsMs: { submittedMs: 300, totalMs: 900 },
  workDirPrefix: 'aivideomaker-hostile-'
})

const hostileFaults = [
  { route: 'status' as const, kind: 'unknown-status' as const, text: HOSTILE, times: 2 },
  { route: 'detail' as const, kind: 'hostile-fields' as const, text: HOSTILE, times: 1 }
]

describe('hostile upstream text, end to end', () => {
  it('the action bundle: no forged workflow command, no raw HTML in the summary', async () => {
    const sim = await action.start({ faults: hostileFaults })
    const result = await action.main({
      inputs: simInputs(sim.url, { 'fail-on-error': 'false' })
    })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('WEIRD')
    // Our own commands only: the key's mask first, then annotations whose text is escaped.
    const commands = commandLines(result.stdout)
    expect(commands[0]).toBe(`::add-mask::${E2E_KEY}`)
    for (const line of commands.slice(1)) expect(line).toMatch(/^::(?:notice|warning|error)[ :]/)
    expect(result.stdout).not.toContain('##[')
    expect(result.summary).not.toMatch(/<img|<a href="https:\/\/evil/)
    expect(result.summary).toMatch(/Credits charged<\/td><td>unknown</)
  })

  it.each(['true', 'false'])(
    'the action bundle (fail-on-error %s): an annotation carries no ESC, C1, BEL or bidi control from upstream',
    async failOnError => {
      const message = `refused \u001b]52;c;aGk=\u0007 \u009b2K \u202egnp.exe\u202c \u2066x\u2069 end`
      const sim = await action.start({
        faults: [{ route: 'create', kind: 'http-error', status: 400, message }]
      })
      const result = await action.main({
        inputs: simInputs(sim.url, { 'fail-on-error': failOnError })
      })

      const annotations = commandLines(result.stdout).filter(line =>
        /^::(error|warning)/.test(line)
      )
      expect(annotations.join('\n')).toContain('refused')
      expect(annotations.join('\n')).toContain('end')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      expect(result.stdout).not.toMatch(/[\u0007\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069]/)
    }
  )

  it('the CLI: no escape sequence or carriage return on a stderr that is not a TTY', async () => {
    cli.sim.setFaults(hostileFaults)
    const result = await runScript(
      ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms'],
      { env: cli.env, cwd: cli.workDir }
    )
    cli.sim.clearFaults()

    expect(result.stderr).toContain('WEIRD')
    expect(result.stderr).not.toMatch(TERMINAL_CONTROLS)
    for (const line of result.stderr.trimEnd().split('\n')) {
      expect(line.startsWith('aivideomaker: ')).toBe(true)
    }
    expect(result.stderr).not.toContain(API_KEY)
  })

  it('the CLI on a terminal: the live line clears itself, and that is the only escape', async () => {
    cli.sim.setFaults(hostileFaults)
    const result = await runCliOnTerminal(
      ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms'],
      { env: cli.env, cwd: cli.workDir }
    )
    cli.sim.clearFaults()

    expect(result.stderr).toContain('WEIRD')
    expect(result.stderr).toContain(CLEAR_LINE)
    expect(result.stderr.split(CLEAR_LINE).join('')).not.toMatch(TERMINAL_CONTROLS)
  })
})
