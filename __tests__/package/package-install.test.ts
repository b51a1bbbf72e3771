import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { REPO_ROOT } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

// Installs the packed tarball into an empty folder the way a user would, and uses every face
// from there: no file of the repository is reachable from the install.
const exec = promisify(execFile)
const KEY = 'package-test-key'
const PKG = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  devDependencies: Record<string, string>
}
/** The test runner's NODE_OPTIONS (--experimental-vm-modules) is no user's. */
const ENV = { ...process.env, NODE_OPTIONS: '', NODE_NO_WARNINGS: '1' }
/** npm install from the registry (or its cache) can take a while on a cold cache. */
const INSTALL_MS = 240_000

let app = ''
/** What `npm install` of the tarball printed on stderr (engine warnings, for one). */
let installWarnings = ''
let sim: ChildProcess | null = null
let simUrl = ''

function inApp(file: string, args: string[], env: Record<string, string> = {}) {
  return exec(file, args, { cwd: app, env: { ...ENV, ...env }, timeout: 120_000 })
}

/** Starts the installed `aivideomaker-sim` on a free port; resolves its URL. */
function startInstalledSimulator(): Promise<string> {
  const bin = join(app, 'node_modules/.bin/aivideomaker-sim')
  const child = spawn(bin, ['--port', '0', '--api-key', `${KEY}:500`, '--speed', '600'], {
    cwd: app,
    env: ENV,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  sim = child
  return new Promise((resolve, reject) => {
    let out = ''
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`aivideomaker-sim exited with ${code}: ${out}`)))
    child.stdout?.on('data', chunk => {
      out += chunk
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
      if (url) resolve(url)
    })
  })
}

beforeAll(async () => {
  const root = await makeTempDir('aivideo-package-')
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', root], {
    cwd: REPO_ROOT,
    env: ENV
  })
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[]
  app = join(root, 'app')
  await mkdir(app)
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'user-app', private: true, type: 'module' })
  )
  // TypeScript and the Node types are the user's, for the strict type check below.
  const install = await inApp('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    join(root, filename),
    `typescript@${PKG.devDependencies.typescript}`,
    `@types/node@${PKG.devDependencies['@types/node']}`
  ])
  installWarnings = install.stderr
  simUrl = await startInstalledSimulator()
}, INSTALL_MS)

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    // The start-up's exit listener rejects a settled promise: replace it.
    sim.removeAllListeners('exit')
    const exited = new Promise(resolve => sim?.once('exit', resolve))
    sim.kill('SIGTERM')
    await exited
  }
})

describe('the packed package, installed into an empty folder', () => {
  it('holds the license, the changelog, the bundles and no sources or tests', async () => {
    const installed = join(app, 'node_modules', PKG.name)
    const files = await readdir(installed)
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'dist']))
    expect(files).not.toEqual(expect.arrayContaining(['src', '__tests__', '__fixtures__']))
  })

  it('installs as one package: no dependencies (dist/ bundles them) and no engine warning', async () => {
    const installed = JSON.parse(
      await readFile(join(app, 'node_modules', PKG.name, 'package.json'), 'utf8')
    ) as { dependencies?: unknown }
    expect(installed.dependencies).toBeUndefined()
    // Only the package, and what the test itself installed (TypeScript, the Node types).
    const lock = JSON.parse(await readFile(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>
    }
    const names = Object.keys(lock.packages)
      .filter(path => path.startsWith('node_modules/'))
      .map(path => path.slice('node_modules/'.length))
    expect(names.sort()).toEqual([PKG.name, '@types/node', 'typescript', 'undici-types'].sort())
    expect(installWarnings).not.toMatch(/EBADENGINE/)
  })

  it('links its README and docs only to files the package holds, or to absolute URLs', async () => {
    const root = join(app, 'node_modules', PKG.name)
    const pages = ['README.md', ...(await readdir(join(root, 'docs'))).map(f => `docs/${f}`)]
    let links = 0
    for (const page of pages.filter(p => p.endsWith('.md'))) {
      const text = await readFile(join(root, page), 'utf8')
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#|mailto:)[^)#\s]+)(#[^)]*)?\)/g)) {
        links++
        const path = join(root, page.includes('/') ? 'docs' : '', target)
        expect([page, target, existsSync(path)]).toEqual([page, target, true])
      }
    }
    expect(links).toBeGreaterThan(20)
  })

  it('answers npx aivideomaker --version with the package version', async () => {
    const { stdout } = await inApp('npx', ['--no-install', 'aivideomaker', '--version'])
    expect(stdout.trim()).toBe(PKG.version)
  })

  it("runs the seed's run-workflow command against the installed aivideomaker-sim", async () => {
    const shim = join(app, 'node_modules', PKG.name, 'scripts/run-workflow.mjs')
    const payload = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
    const { stdout } = await inApp(
      process.execPath,
      [shim, '--model', 't2v', '--payload', JSON.stringify(payload), '--poll-interval', '100ms'],
      { AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: simUrl }
    )
    const envelope = JSON.parse(stdout) as Record<string, unknown>
    expect(envelope).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    expect(envelope.taskId).toEqual(expect.any(String))
  })

  it('serves the MCP tools from aivideomaker-action/mcp to an SDK client', async () => {
    // The user's script needs no SDK of its own: the package bundles it.
    await writeFile(
      join(app, 'mcp.mjs'),
      `import { serveMcpOverStdio } from 'aivideomaker-action/mcp'
await serveMcpOverStdio()
`
    )
    const client = new Client({ name: 'user-app', version: '1.0.0' })
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['mcp.mjs'],
        cwd: app,
        env: { ...ENV, AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: simUrl }
      })
    )
    try {
      const { tools } = await client.listTools()
      const quote = await client.callTool({
        name: 'quote',
        arguments: {
          model: 't2v',
          payload: { prompt: 'a fox', aspectRatio: '16:9', duration: '5' }
        }
      })
      expect({
        tools: tools.length,
        quote: (quote.structuredContent as { ok?: boolean }).ok
      }).toEqual({
        tools: 7,
        quote: true
      })
    } finally {
      await client.close()
    }
  }, 60_000)

  it('runs npx aivideomaker mcp (dist/mcp.js loaded beside dist/cli.js) for an SDK client', async () => {
    const client = new Client({ name: 'package-test', version: '1.0.0' })
    await client.connect(
      new StdioClientTransport({
        command: join(app, 'node_modules/.bin/aivideomaker'),
        args: ['mcp'],
        cwd: app,
        env: { ...ENV, AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: simUrl }
      })
    )
    try {
      const result = await client.callTool({ name: 'account', arguments: {} })
      expect(result.structuredContent).toMatchObject({ ok: true })
    } finally {
      await client.close()
    }
  }, 60_000)

  it('imports run, createClient and the simulator from an ESM script', async () => {
    await writeFile(
      join(app, 'use.mjs'),
      `import { createClient, run } from 'aivideomaker-action'
import { startSimulator } from 'aivideomaker-action/simulator'
const sim = await startSimulator({ keys: [{ key: 'k', balance: 100 }], speed: 600 })
try {
  const quote = await createClient({ apiKey: 'k', baseUrl: sim.url }).quote('t2v', {
    prompt: 'a fox', aspectRatio: '16:9', duration: '5' })
  const result = await run(
    { model: 't2v', payload: { prompt: 'a fox', aspectRatio: '16:9', duration: '5' }, pollIntervalMs: 100 },
    { apiKey: 'k', baseUrl: sim.url })
  const bare = await run({ model: 't2v', payload: {} })
  console.log(JSON.stringify({ quote: quote.ok, status: result.status, bare: bare.errorCode }))
} finally {
  await sim.stop()
}
`
    )
    const { stdout } = await inApp(process.execPath, ['use.mjs'])
    expect(JSON.parse(stdout)).toEqual({ quote: true, status: 'COMPLETED', bare: 'AUTH_FAILED' })
  }, 60_000)

  it('serves require() from a CommonJS script: the library and the simulator', async () => {
    await writeFile(
      join(app, 'use.cjs'),
      `const { createClient } = require('aivideomaker-action')
const { startSimulator } = require('aivideomaker-action/simulator')
startSimulator({ keys: [{ key: 'k', balance: 100 }], speed: 600 }).then(async sim => {
  try {
    const quote = await createClient({ apiKey: 'k', baseUrl: sim.url }).quote('t2v', {
      prompt: 'a fox', aspectRatio: '16:9', duration: '5' })
    console.log(JSON.stringify({ ok: quote.ok, credits: quote.data && quote.data.credits }))
  } finally {
    await sim.stop()
  }
})
`
    )
    const { stdout } = await inApp(process.execPath, ['use.cjs'])
    expect(JSON.parse(stdout)).toEqual({ ok: true, credits: expect.any(Number) })
  }, 60_000)

  it('type-checks and runs TypeScript in a CommonJS project (module nodenext)', async () => {
    const project = join(app, 'cjs-project')
    await mkdir(project)
    await writeFile(join(project, 'package.json'), JSON.stringify({ private: true }))
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          types: ['node']
        },
        files: ['use.ts']
      })
    )
    await writeFile(
      join(project, 'use.ts'),
      `import { createClient, type Envelope } from 'aivideomaker-action'
import { startSimulator } from 'aivideomaker-action/simulator'
async function main(): Promise<void> {
  const sim = await startSimulator({ keys: [{ key: 'k', balance: 100 }], speed: 600 })
  try {
    const account: Envelope = await createClient({ apiKey: 'k', baseUrl: sim.url }).account()
    console.log(JSON.stringify({ ok: account.ok }))
  } finally {
    await sim.stop()
  }
}
void main()
`
    )
    const tsc = join(app, 'node_modules/typescript/bin/tsc')
    await exec(process.execPath, [tsc, '-p', '.'], { cwd: project, env: ENV, timeout: 120_000 })
    // The emitted file is CommonJS (require calls), and it runs.
    expect(await readFile(join(project, 'out/use.js'), 'utf8')).toContain('require(')
    const { stdout } = await exec(process.execPath, ['out/use.js'], {
      cwd: project,
      env: ENV,
      timeout: 60_000
    })
    expect(JSON.parse(stdout)).toEqual({ ok: true })
  }, 120_000)

  it("type-checks strictly a file using the public types, and docs/library.md's examples", async () => {
    const docs = await readFile(join(REPO_ROOT, 'docs/library.md'), 'utf8')
    const examples = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(m => m[1])
    expect(examples.length).toBeGreaterThanOrEqual(4)
    const files = examples.map((_, i) => `example-${i + 1}.ts`)
    for (const [i, example] of examples.entries()) await writeFile(join(app, files[i]), example)
    await writeFile(
      join(app, 'types.ts'),
      `import {
  createClient, run, runBatch, parseBatchFile,
  type Client, type Envelope, type RunData, type RunRequest, type BatchResult, type ErrorCode
} from 'aivideomaker-action'
import { startSimulator, type Simulator, type SimulatorOptions } from 'aivideomaker-action/simulator'

const request: RunRequest = { model: 't2v', payload: { prompt: 'a fox' } }
const client: Client = createClient({ apiKey: 'k' })
const options: SimulatorOptions = { keys: [{ key: 'k', balance: 1 }] }
export async function check(): Promise<ErrorCode | null> {
  const sim: Simulator = await startSimulator(options)
  const result: Envelope<RunData> = await run(request, { client })
  const parsed = parseBatchFile('[]', 'batch.json')
  const batch: BatchResult | null = parsed.ok ? await runBatch(parsed.items) : null
  await sim.stop()
  return batch?.results[0]?.errorCode ?? result.errorCode
}
`
    )
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          noUncheckedIndexedAccess: true,
          types: ['node']
        },
        files: ['types.ts', ...files]
      })
    )
    const tsc = join(app, 'node_modules/typescript/bin/tsc')
    await expect(inApp(process.execPath, [tsc, '-p', '.'])).resolves.toMatchObject({ stdout: '' })
  }, 120_000)
})
