import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { runSimulatorCli, type CliIo } from '../../src/sim/index.js'
import { sleep } from './api-client.js'

const LISTENING = /^AIVideoMaker simulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/

interface CliRun {
  url: string
  stdout: string[]
  stderr: string[]
  stop: () => Promise<void>
}

/** Runs the CLI in-process until stop(); resolves once the listening line is out. */
async function startCli(argv: string[], env: CliIo['env'] = {}): Promise<CliRun> {
  const stdout: string[] = []
  const stderr: string[] = []
  const controller = new AbortController()
  const done = runSimulatorCli(argv, {
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    env,
    signal: controller.signal
  })
  for (let i = 0; i < 200 && stdout.length === 0; i += 1) await sleep(10)
  const match = LISTENING.exec(stdout[0] ?? '')
  if (!match) throw new Error(`no listening line: ${stdout.join('')}`)
  return {
    url: match[1],
    stdout,
    stderr,
    stop: async () => {
      controller.abort()
      await done
    }
  }
}

function account(url: string, key: string): Promise<Response> {
  return fetch(`${url}/api/v1/account`, { headers: { key } })
}

async function balanceAt(url: string, key: string): Promise<number> {
  const body = (await (await account(url, key)).json()) as { currentBalance: number }
  return body.currentBalance
}

describe('runSimulatorCli', () => {
  it('prints exactly the listening line first and stops cleanly on abort', async () => {
    const cli = await startCli([
      '--port',
      '0',
      '--api-key',
      'cli-key-0001:42',
      '--api-key',
      'cli-key-0002'
    ])
    expect(cli.stdout).toHaveLength(1)
    expect(await balanceAt(cli.url, 'cli-key-0001')).toBe(42)
    expect(await balanceAt(cli.url, 'cli-key-0002')).toBe(1000)
    await cli.stop()
    await expect(account(cli.url, 'cli-key-0001')).rejects.toThrow()
    expect([...cli.stdout, ...cli.stderr].join('')).not.toContain('cli-key')
  })

  it('falls back to AIVIDEO_SIM_API_KEY, with --balance for keys without one', async () => {
    const cli = await startCli(['--port', '0', '--balance', '7'], {
      AIVIDEO_SIM_API_KEY: 'env-key-0001'
    })
    try {
      expect(await balanceAt(cli.url, 'env-key-0001')).toBe(7)
      expect((await account(cli.url, 'sim-test-key')).status).toBe(401)
    } finally {
      await cli.stop()
    }
  })

  it('reads --config, with flags winning over the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-cli-'))
    try {
      const config = join(dir, 'sim.json')
      const options = {
        keys: [{ key: 'file-key-0001', balance: 5 }],
        listShape: 'data',
        resultUrlField: 'videoUrl'
      }
      await writeFile(config, JSON.stringify(options))
      const cli = await startCli(['--config', config, '--port', '0', '--list-shape', 'items'])
      try {
        const list = await fetch(`${cli.url}/api/v1/tasks`, { headers: { key: 'file-key-0001' } })
        expect(await list.json()).toEqual({ items: [] })
      } finally {
        await cli.stop()
      }
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('prints help for --help and resolves', async () => {
    const stdout: string[] = []
    await runSimulatorCli(['--help'], {
      stdout: { write: t => stdout.push(t) },
      stderr: { write: () => 0 },
      env: {}
    })
    expect(stdout.join('')).toMatch(/Usage: aivideomaker-sim/)
    expect(stdout.join('')).toContain('--retry-after-format')
  })

  it('reports the seeded duration distribution set by --seed and --duration-spread', async () => {
    const cli = await startCli(['--port', '0', '--seed', '11', '--duration-spread', '0.2'])
    try {
      const stats = (await (await fetch(`${cli.url}/__sim/stats`)).json()) as {
        durations: unknown
      }
      expect(stats.durations).toMatchObject({ kind: 'log-normal', spread: 0.2, seed: 11 })
    } finally {
      await cli.stop()
    }
  })

  it('lists a seeded history in pages with --history, --list-page-size and --list-paging', async () => {
    const cli = await startCli([
      '--port',
      '0',
      '--history',
      '5',
      '--seed',
      '4',
      '--list-page-size',
      '2',
      '--list-paging',
      'page'
    ])
    try {
      const page = async (n: number) =>
        (await (
          await fetch(`${cli.url}/api/v1/tasks?page=${n}`, { headers: { key: 'sim-test-key' } })
        ).json()) as { tasks: { id: string; status: string }[]; page: number; totalPages: number }
      const first = await page(1)
      const last = await page(3)
      expect(first).toMatchObject({ page: 1, totalPages: 3 })
      expect(first.tasks).toHaveLength(2)
      expect(last.tasks).toHaveLength(1)
      expect([...first.tasks, ...last.tasks].every(t => /COMPLETED|FAILED/.test(t.status))).toBe(
        true
      )
      expect((await page(1)).tasks).toEqual(first.tasks)
      const stats = (await (await fetch(`${cli.url}/__sim/stats`)).json()) as { listing: unknown }
      expect(stats.listing).toEqual({
        historyTasks: { 'sim-…': 5 },
        pageSize: 2,
        paging: 'page'
      })
    } finally {
      await cli.stop()
    }
  })

  it.each([
    [['--bogus'], /bogus/],
    [['--history', '-3', '--port', '0'], /history/],
    [['--list-page-size', '2', '--list-shape', 'array', '--port', '0'], /listPageSize/],
    [['--list-paging', 'scroll', '--port', '0'], /listPaging/],
    [['--duration-spread', '3', '--port', '0'], /durationSpread/],
    [['--port', 'eighty'], /--port/],
    [['--speed', '-1', '--port', '0'], /speed/],
    [['--list-shape', 'tree', '--port', '0'], /listShape/]
  ])('rejects %j with a message naming the flag', async (argv, message) => {
    const io: CliIo = { stdout: { write: () => 0 }, stderr: { write: () => 0 }, env: {} }
    await expect(runSimulatorCli(argv, io)).rejects.toThrow(message)
  })
})
