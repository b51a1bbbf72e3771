import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { downloadFile } from '../../src/core/tasks/download.js'
import { classifyNetworkError } from '../../src/core/http/network-failure.js'
import {
  checkLink,
  downloadPolicyFor,
  isNonPublicAddress
} from '../../src/core/tasks/download-policy.js'
import { isVideoContainer } from '../../src/core/tasks/video-signature.js'
import { getSampleVideo } from '../../src/sim/sample-video.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useScriptedServer, type Script } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aivideo-download-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01])

function body(bytes: Buffer, contentType = 'application/octet-stream'): Script {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) })
    res.end(bytes)
  }
}

function redirect(location: string, status = 302): Script {
  return (_req, res) => {
    res.writeHead(status, { location })
    res.end()
  }
}

/**
 * A download from the scripted server, as a loopback simulator's link is fetched, into a
 * folder of its own (so one test's file can never fail another's "no file left").
 */
async function fetchLocal(name: string, path = '/v.mp4') {
  const folder = await mkdtemp(join(dir, 'case-'))
  const saved = await downloadFile(`${server.url}${path}`, join(folder, name), {
    baseUrl: server.url,
    clock: new FakeClock(),
    random: () => 0.5
  })
  return { saved, files: await readdir(folder) }
}

describe('isNonPublicAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '[::1]'
  ])('knows %s is not public', address => {
    expect(isNonPublicAddress(address)).toBe(true)
  })

  // One address in every range of the IANA special-purpose registries (IPv4 and IPv6),
  // multicast, and the deprecated IPv6 forms; IPv6 forms carrying an IPv4 address are
  // judged by it.
  it.each([
    ['this network', '0.1.2.3'],
    ['private 10/8', '10.255.0.1'],
    ['shared address space', '100.127.255.254'],
    ['loopback', '127.8.8.8'],
    ['link-local', '169.254.0.1'],
    ['private 172.16/12', '172.31.255.255'],
    ['IETF protocol assignments', '192.0.0.9'],
    ['documentation TEST-NET-1', '192.0.2.10'],
    ['AS112-v4', '192.31.196.1'],
    ['AMT', '192.52.193.1'],
    ['deprecated 6to4 relay anycast', '192.88.99.1'],
    ['private 192.168/16', '192.168.255.1'],
    ['direct delegation AS112', '192.175.48.1'],
    ['benchmarking', '198.19.0.1'],
    ['documentation TEST-NET-2', '198.51.100.7'],
    ['documentation TEST-NET-3', '203.0.113.7'],
    ['multicast', '239.1.2.3'],
    ['reserved 240/4', '250.1.2.3'],
    ['limited broadcast', '255.255.255.255'],
    ['IPv6 unspecified', '::'],
    ['IPv6 loopback', '::1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
    ['IPv4-mapped metadata (hex)', '::ffff:a9fe:a9fe'],
    ['IPv4-translated loopback', '::ffff:0:7f00:1'],
    ['IPv4-compatible loopback', '::7f00:1'],
    ['IPv4-compatible public (deprecated form)', '::808:808'],
    ['NAT64 of the metadata address', '64:ff9b::a9fe:a9fe'],
    ['NAT64 local-use', '64:ff9b:1::1'],
    ['discard-only', '100::1'],
    ['dummy prefix', '100:0:0:1::1'],
    ['TEREDO', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['IETF protocol assignments', '2001:1::1'],
    ['benchmarking', '2001:2::1'],
    ['AMT', '2001:3::1'],
    ['AS112-v6', '2001:4:112::1'],
    ['ORCHID (deprecated)', '2001:10::1'],
    ['ORCHIDv2', '2001:20::1'],
    ['drone remote ID', '2001:30::1'],
    ['documentation', '2001:db8::1'],
    ['6to4 of the metadata address', '2002:a9fe:a9fe::'],
    ['6to4 of a private address', '2002:c0a8:101::1'],
    ['direct delegation AS112', '2620:4f:8000::1'],
    ['documentation 3fff::/20', '3fff::1'],
    ['SRv6 SIDs', '5f00::1'],
    ['unique local', 'fd12:3456::1'],
    ['site-local (deprecated)', 'fec0::1'],
    ['link-local', 'fe80::1'],
    ['multicast', 'ff02::1'],
    ['not an IP literal', 'localhost'],
    ['an IPv4 form no URL host has', '0x7f.1']
  ])('knows %s (%s) is not public', (_range, address) => {
    expect(isNonPublicAddress(address)).toBe(true)
  })

  it.each([
    '8.8.8.8',
    '151.101.1.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1'
  ])('knows %s is public', address => {
    expect(isNonPublicAddress(address)).toBe(false)
  })
})

describe('checkLink under the strict policy (a remote base URL)', () => {
  const strict = downloadPolicyFor('https://aivideomaker.ai')

  it.each([
    ['plain http', 'http://cdn.example/v.mp4', /plain http/],
    ['a private address', 'https://10.0.0.7/v.mp4', /private, link-local or loopback/],
    ['the metadata service', 'https://169.254.169.254/v.mp4', /169\.254\.169\.254/],
    ['loopback IPv6', 'https://[::1]/v.mp4', /::1/],
    ['a name that resolves to loopback', 'https://localhost/v.mp4', /localhost \(/],
    ['credentials', 'https://u:p@cdn.example/v.mp4', /credentials/],
    ['another scheme', 'file:///etc/passwd', /not an https URL/]
  ])('refuses %s', async (_name, link, message) => {
    await expect(checkLink(new URL(link), strict)).rejects.toThrow(message)
  })

  it('lets a loopback base URL (a local simulator) use loopback http', async () => {
    const local = downloadPolicyFor('http://127.0.0.1:8787')
    await expect(checkLink(new URL('http://127.0.0.1:9/v.mp4'), local)).resolves.toBeUndefined()
    await expect(checkLink(new URL('file:///etc/passwd'), local)).rejects.toThrow(/https/)
  })
})

describe('downloadFile under the strict policy', () => {
  it('refuses a plain http link without connecting and saves nothing', async () => {
    const folder = await mkdtemp(join(dir, 'strict-'))
    const saved = await downloadFile(`${server.url}/v.mp4`, join(folder, 'strict.mp4'))
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(server.requests).toHaveLength(0)
    expect(await readdir(folder)).toEqual([])
  })

  it('refuses an https link to a loopback host without connecting', async () => {
    const port = new URL(server.url).port
    const saved = await downloadFile(`https://127.0.0.1:${port}/v.mp4`, join(dir, 'lo.mp4'))
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(saved.ok ? '' : saved.errorMessage).not.toMatch(/connectivity/)
    expect(server.requests).toHaveLength(0)
  })
})

describe('downloadFile checks the body for a video container', () => {
  it("saves the simulator's MP4 (an ftyp box at offset 4)", async () => {
    server.answer(body(getSampleVideo(), 'video/mp4'))
    const { saved } = await fetchLocal('sample.mp4')
    expect(saved).toMatchObject({ ok: true, bytes: getSampleVideo().length })
  })

  it('saves a WebM/Matroska file (the EBML magic)', async () => {
    server.answer(body(EBML))
    const { saved } = await fetchLocal('clip.webm')
    expect(saved).toMatchObject({ ok: true, bytes: EBML.length })
  })

  it.each([
    ['an executable served as octet-stream', Buffer.from('#!/bin/sh\nrm -rf ~\n')],
    ['a body shorter than a signature', Buffer.from('ftyp')],
    ['an empty body', Buffer.alloc(0)]
  ])('refuses %s and leaves no file behind', async (_name, bytes) => {
    server.answer(body(bytes))
    const { saved, files } = await fetchLocal('junk.mp4')
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(saved.ok ? '' : saved.errorMessage).toMatch(/not a video container/)
    expect(files).toEqual([])
    expect(server.requests).toHaveLength(1)
  })
})

describe('downloadFile follows redirects, checking every hop', () => {
  it('follows a redirect to an allowed link', async () => {
    server.answer(redirect('/moved.mp4', 301), body(getSampleVideo(), 'video/mp4'))
    const { saved } = await fetchLocal('moved.mp4')
    expect(saved).toMatchObject({ ok: true })
    expect(server.requests.map(r => r.url)).toEqual(['/v.mp4', '/moved.mp4'])
  })

  it.each([
    ['another scheme', 'file:///etc/passwd', /https/],
    ['credentials', 'http://u:p@127.0.0.1:9/v.mp4', /credentials/]
  ])('refuses a hop to %s without following it', async (_name, location, message) => {
    server.answer(redirect(location))
    const { saved, files } = await fetchLocal('hop.mp4')
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(saved.ok ? '' : saved.errorMessage).toMatch(message)
    expect(server.requests).toHaveLength(1)
    expect(files).toEqual([])
  })

  it('gives up after 5 redirects', async () => {
    server.answer(redirect('/again'))
    const { saved } = await fetchLocal('loop.mp4')
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(saved.ok ? '' : saved.errorMessage).toMatch(/more than 5 times/)
    expect(server.requests).toHaveLength(6)
  })
})

describe('downloadFile and an expired link', () => {
  it('reports 410 as RESULT_EXPIRED, once, with no network advice', async () => {
    server.answer((_req, res) => {
      res.writeHead(410, { 'content-type': 'text/plain' })
      res.end('gone')
    })
    const { saved, files } = await fetchLocal('old.mp4')
    expect(saved).toMatchObject({ ok: false, errorCode: 'RESULT_EXPIRED' })
    expect(saved.ok ? '' : saved.errorMessage).not.toMatch(/connectivity|proxy/i)
    expect(server.requests).toHaveLength(1)
    expect(files).toEqual([])
  })
})

describe('downloadFile and a local disk that refuses the file', () => {
  it('reports a download folder that is a file as LOCAL_IO_ERROR naming the path, sending nothing', async () => {
    server.answer(body(getSampleVideo(), 'video/mp4'))
    const folder = await mkdtemp(join(dir, 'case-'))
    await writeFile(join(folder, 'out'), 'not a folder')
    const target = join(folder, 'out', 'v.mp4')
    const saved = await downloadFile(`${server.url}/v.mp4`, target, {
      baseUrl: server.url,
      clock: new FakeClock()
    })
    expect(saved).toMatchObject({ ok: false, errorCode: 'LOCAL_IO_ERROR' })
    const message = saved.ok ? '' : saved.errorMessage
    expect(message).toContain(join(folder, 'out'))
    expect(message).toMatch(/ENOTDIR|EEXIST/)
    expect(message).not.toMatch(/connectivity|proxy/i)
    expect(server.requests).toHaveLength(0)
  })

  it('reports a rename onto a directory (EISDIR) once, as LOCAL_IO_ERROR, never as a network error', async () => {
    server.answer(body(getSampleVideo(), 'video/mp4'))
    const folder = await mkdtemp(join(dir, 'case-'))
    await mkdir(join(folder, 'v.mp4', 'inside'), { recursive: true })
    const saved = await downloadFile(`${server.url}/v.mp4`, join(folder, 'v.mp4'), {
      baseUrl: server.url,
      clock: new FakeClock(),
      random: () => 0.5
    })
    expect(saved).toMatchObject({ ok: false, errorCode: 'LOCAL_IO_ERROR' })
    const message = saved.ok ? '' : saved.errorMessage
    expect(message).toContain(join(folder, 'v.mp4'))
    expect(message).toMatch(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(message).toMatch(/rename/)
    expect(message).not.toMatch(/connectivity|proxy/i)
    expect(server.requests).toHaveLength(1)
    expect(await readdir(folder)).toEqual(['v.mp4'])
  })

  it('reports a video over the size limit with a true code (the task was paid), not INVALID_INPUT', async () => {
    server.answer(body(getSampleVideo(), 'video/mp4'))
    const folder = await mkdtemp(join(dir, 'case-'))
    const saved = await downloadFile(`${server.url}/v.mp4`, join(folder, 'v.mp4'), {
      baseUrl: server.url,
      clock: new FakeClock(),
      maxBytes: 10
    })
    expect(saved).toMatchObject({ ok: false, errorCode: 'DOWNLOAD_REFUSED' })
    expect(saved.ok ? '' : saved.errorMessage).not.toMatch(/nothing was sent/i)
    expect(saved.ok ? '' : saved.errorMessage).toMatch(/download-max-bytes/)
  })
})

describe('classifyNetworkError', () => {
  function failureOf(code: string | undefined, syscall?: string) {
    const error = Object.assign(new Error(code ?? 'boom'), { code, syscall })
    return classifyNetworkError(error, false, 1000)
  }

  it.each(['EISDIR', 'ENOTDIR', 'ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'EEXIST'])(
    'treats %s from the file system as local and never retryable',
    code => {
      expect(failureOf(code, 'open')).toMatchObject({ kind: 'local', retryable: false })
    }
  )

  it('retries a known transient socket failure but not an unknown failure', () => {
    expect(failureOf('EHOSTUNREACH', 'connect')).toMatchObject({ kind: 'other', retryable: true })
    expect(failureOf('HPE_INVALID_CONSTANT')).toMatchObject({ kind: 'other', retryable: true })
    expect(failureOf(undefined)).toMatchObject({ kind: 'other', retryable: false })
    expect(failureOf('ERR_SOMETHING_NEW')).toMatchObject({ kind: 'other', retryable: false })
  })

  it('keeps connection failures network ones', () => {
    expect(failureOf('ECONNRESET', 'read')).toMatchObject({ kind: 'reset', retryable: true })
    expect(failureOf('EACCES', 'connect')).toMatchObject({ kind: 'other' })
  })
})

describe('isVideoContainer', () => {
  it('needs the whole signature', () => {
    expect(isVideoContainer(getSampleVideo().subarray(0, 8))).toBe(true)
    expect(isVideoContainer(getSampleVideo().subarray(0, 7))).toBe(false)
    expect(isVideoContainer(Buffer.from('<html><body>'))).toBe(false)
  })
})
