import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getSampleVideo } from '../../src/sim/sample-video.js'
import {
  E2E_KEY,
  buildActionBundle,
  removeActionBundle,
  runAction
} from '../../__fixtures__/runner.js'
import { startScriptedServer, type ScriptedServer } from '../../__fixtures__/scripted-server.js'
import { buildCli, envelopeOf, runScript } from '../cli/cli-process.js'

/**
 * Issue 13, download policy, end to end: the real action bundle (runner emulation) and
 * the real CLI script resume a COMPLETED task from a local fake upstream whose result
 * link breaks a rule. Each refusal has its code, leaves no file behind, and never
 * requests what the rule refused. (The upstream is loopback, so loopback http links are
 * allowed, as with the simulator; the strict policy for remote base URLs is covered in
 * __tests__/core/download.test.ts.)
 */

/** Task id -> what its result link is. */
const LINKS: Record<string, string> = {
  'ck-video': '/files/video.mp4',
  'ck-junk': '/files/junk.mp4',
  'ck-gone': '/files/gone.mp4',
  'ck-file': 'file:///etc/passwd',
  'ck-hop': '/files/hop.mp4',
  // Non-public addresses: a loopback upstream (a local simulator) may send loopback links,
  // never the runner's metadata service or private network, in any spelling.
  'ck-metadata': 'http://169.254.169.254/latest/meta-data/video.mp4',
  'ck-nat64': 'https://[64:ff9b::a9fe:a9fe]/video.mp4',
  'ck-mapped': 'http://[::ffff:10.0.0.1]/video.mp4',
  'ck-6to4': 'https://[2002:a9fe:a9fe::]/video.mp4'
}

let server: ScriptedServer
let distRoot: string
let root: string

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** A fake upstream: each task is COMPLETED; the files route serves its link's case. */
function upstream(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? ''
  const task = /^\/api\/v1\/tasks\/([\w-]+)(\/status)?$/.exec(path)
  if (task && LINKS[task[1]] !== undefined) {
    const [, id, status] = task
    if (status) return answer(res, 200, { taskId: id, status: 'COMPLETED' })
    const link = LINKS[id]
    const url = link.startsWith('/') ? `${server.url}${link}` : link
    return answer(res, 200, { id, status: 'COMPLETED', model: 't2v', output: { url } })
  }
  if (path === '/files/video.mp4') {
    res.writeHead(200, { 'content-type': 'video/mp4' })
    return void res.end(getSampleVideo())
  }
  if (path === '/files/junk.mp4') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    return void res.end('#!/bin/sh\necho not a video\n')
  }
  if (path === '/files/gone.mp4') {
    res.writeHead(410, { 'content-type': 'text/plain' })
    return void res.end('gone')
  }
  if (path === '/files/hop.mp4') {
    res.writeHead(302, { location: 'file:///etc/passwd' })
    return void res.end()
  }
  answer(res, 404, { errorCode: 'NOT_FOUND', message: `No route ${path}` })
}

beforeAll(async () => {
  ;[distRoot] = await Promise.all([buildActionBundle(), buildCli()])
  server = await startScriptedServer()
  server.answer(upstream)
  root = await mkdtemp(join(tmpdir(), 'aivideo-download-policy-'))
}, 120_000)

afterAll(async () => {
  await server?.close()
  await removeActionBundle(distRoot)
  await rm(root, { recursive: true, force: true })
})

interface Outcome {
  taskId: string | null
  errorCode: string | null
  errorMessage: string
  /** Paths the fake upstream was asked for. */
  requested: string[]
  /** Files left in the workspace's out/ folder. */
  files: string[]
}

async function workspaceFor(name: string): Promise<string> {
  const workspace = join(root, name)
  await mkdir(join(workspace, 'out'), { recursive: true })
  return workspace
}

async function viaAction(taskId: string): Promise<Outcome> {
  const workspace = await workspaceFor(`action-${taskId}`)
  const before = server.requests.length
  const result = await runAction({
    script: 'dist/index.js',
    distRoot,
    workspace,
    inputs: {
      'api-key': E2E_KEY,
      'base-url': server.url,
      'task-id': taskId,
      download: 'out/video.mp4',
      'idempotency-key': 'none'
    },
    timeoutMs: 30_000
  })
  return {
    taskId: result.outputs.taskId || null,
    errorCode: result.outputs.errorCode || null,
    errorMessage: result.outputs.errorMessage ?? '',
    requested: server.requests.slice(before).map(r => r.url),
    files: await readdir(join(workspace, 'out'))
  }
}

async function viaCli(taskId: string): Promise<Outcome> {
  const workspace = await workspaceFor(`cli-${taskId}`)
  const before = server.requests.length
  const result = await runScript(['--taskId', taskId, '--download', 'out/video.mp4'], {
    env: { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: server.url },
    cwd: workspace
  })
  const envelope = envelopeOf(result.stdout)
  return {
    taskId: envelope.taskId,
    errorCode: envelope.errorCode,
    errorMessage: envelope.errorMessage ?? '',
    requested: server.requests.slice(before).map(r => r.url),
    files: await readdir(join(workspace, 'out'))
  }
}

const FACES = [
  ['action', viaAction],
  ['cli', viaCli]
] as const

describe.each(FACES)('download policy through the %s', (_face, via) => {
  it('saves a real MP4', async () => {
    const outcome = await via('ck-video')
    expect(outcome.errorCode).toBeNull()
    expect(outcome.files).toEqual(['video.mp4'])
  })

  it('refuses a body that is not a video container and leaves no file', async () => {
    const outcome = await via('ck-junk')
    expect(outcome).toMatchObject({ errorCode: 'DOWNLOAD_REFUSED', files: [] })
    expect(outcome.errorMessage).toMatch(/not a video container/)
  })

  it('refuses a link that is not https without requesting it', async () => {
    const outcome = await via('ck-file')
    expect(outcome).toMatchObject({ errorCode: 'DOWNLOAD_REFUSED', files: [] })
    expect(outcome.requested.filter(path => !path.startsWith('/api/v1/'))).toEqual([])
  })

  it('refuses a redirect to a link that is not https without following it', async () => {
    const outcome = await via('ck-hop')
    expect(outcome).toMatchObject({ errorCode: 'DOWNLOAD_REFUSED', files: [] })
    expect(outcome.requested.filter(path => !path.startsWith('/api/v1/'))).toEqual([
      '/files/hop.mp4'
    ])
  })

  it.each([
    ['the metadata service', 'ck-metadata', '169.254.169.254'],
    ['NAT64 of the metadata service', 'ck-nat64', '64:ff9b::a9fe:a9fe'],
    ['an IPv4-mapped private address', 'ck-mapped', '::ffff:a00:1'],
    ['6to4 of the metadata service', 'ck-6to4', '2002:a9fe:a9fe::']
  ])('refuses a link to %s without connecting, keeping the task id', async (_what, id, shown) => {
    const outcome = await via(id)
    expect(outcome).toMatchObject({ taskId: id, errorCode: 'DOWNLOAD_REFUSED', files: [] })
    expect(outcome.errorMessage).toContain(`points to ${shown}, a private, link-local or loopback`)
    expect(outcome.requested.filter(path => !path.startsWith('/api/v1/'))).toEqual([])
  })

  it('reports an expired link (410) as RESULT_EXPIRED with no network advice, once', async () => {
    const outcome = await via('ck-gone')
    expect(outcome).toMatchObject({ errorCode: 'RESULT_EXPIRED', files: [] })
    expect(outcome.errorMessage).not.toMatch(/connectivity|proxy/i)
    expect(outcome.requested.filter(path => path === '/files/gone.mp4')).toHaveLength(1)
  })
})

describe('a base URL with no API behind it', () => {
  it('is reported as ROUTE_NOT_FOUND naming the base URL, by both faces', async () => {
    const base = `${server.url}/wrong`
    const action = await runAction({
      script: 'dist/index.js',
      distRoot,
      workspace: await workspaceFor('action-no-route'),
      inputs: { 'api-key': E2E_KEY, 'base-url': base, action: 'getStatus', 'task-id': 'ck-video' },
      timeoutMs: 30_000
    })
    const cli = await runScript(['--action', 'getStatus', '--taskId', 'ck-video'], {
      env: { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: base },
      cwd: await workspaceFor('cli-no-route')
    })
    for (const envelope of [action.outputs, envelopeOf(cli.stdout)]) {
      expect(envelope.errorCode).toBe('ROUTE_NOT_FOUND')
      expect(envelope.errorMessage).toContain(base)
      expect(envelope.errorMessage).not.toMatch(/task id|try again later/i)
    }
  })
})
