import { describe, expect, it } from '@jest/globals'
import { envelopeOf, runScript, useCliHarness } from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 },
  workDirPrefix: 'aivideomaker-resume-unknown-'
})

describe('resuming a task id upstream does not know', () => {
  it('reports TASK_NOT_FOUND without first calling the task "pending"', async () => {
    const result = await runScript(['--taskId', 'ckdoesnotexist123', '--poll-interval', '100ms'], {
      env: cli.env,
      cwd: cli.workDir
    })

    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout).errorCode).toBe('TASK_NOT_FOUND')
    expect(result.stderr).toContain('waiting for task ckdoesnotexist123')
    expect(result.stderr).not.toContain('pending')
    expect(result.stderr).toMatch(/TASK_NOT_FOUND: .*Task not found: ckdoesnotexist123/)
  })
})
