import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { lookup as dnsLookupAll } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { isLoopbackHost } from '../http/base-url.js'
import { clip } from '../api/clipped-text.js'

/**
 * Where a result link may point. Upstream's answer is untrusted: a link to plain http,
 * to the runner's own network (a metadata service, a database port) or to loopback would
 * turn the download into a request on the attacker's behalf. A loopback base URL means a
 * local simulator, whose links are loopback http: only then are such links allowed.
 */
export interface DownloadPolicy {
  /** Plain http and private, link-local or loopback hosts are allowed. */
  allowsLocal: boolean
}

/** The policy for links that came from `baseUrl`; without one, the strict policy. */
export function downloadPolicyFor(baseUrl: string | undefined): DownloadPolicy {
  let host = ''
  try {
    host = baseUrl === undefined ? '' : new URL(baseUrl).hostname
  } catch {
    // Not a URL: the strict policy.
  }
  return { allowsLocal: isLoopbackHost(host) }
}

/** A link or a host the policy refuses; the message says which rule. */
export class DownloadRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DownloadRefusal'
  }
}

/** Addresses that are not the public internet (IANA special-purpose registries). */
const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4]
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8]
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')
}

/** Is `address` (an IP literal) private, link-local, loopback or otherwise not public? */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) reaches the IPv4 host.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  if (mapped) return NOT_PUBLIC.check(mapped[1], 'ipv4')
  const family = isIP(bare)
  if (family === 4) return NOT_PUBLIC.check(bare, 'ipv4')
  if (family === 6) {
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare)
    if (hex) return NOT_PUBLIC.check(ipv4FromHex(hex[1], hex[2]), 'ipv4')
    return NOT_PUBLIC.check(bare, 'ipv6')
  }
  return true
}

/**
 * Checks one link (the first, or a redirect's target): https, or http under a local
 * policy; no credentials; a host that resolves to public addresses only. Throws a
 * `DownloadRefusal`; DNS failures are left to the request (they are network problems).
 */
export async function checkLink(url: URL, policy: DownloadPolicy): Promise<void> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowsLocal)) {
    throw new DownloadRefusal(
      url.protocol === 'http:'
        ? `the result link uses plain http (${clip(url.host)}); only https links are downloaded`
        : `the result link is not an https URL (${url.protocol})`
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new DownloadRefusal('the result link carries credentials (user:password@)')
  }
  if (policy.allowsLocal) return
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) {
    refuseNonPublic(host, host)
    return
  }
  let addresses: LookupAddress[]
  try {
    addresses = await dnsLookupAll(host, { all: true })
  } catch {
    return
  }
  for (const { address } of addresses) refuseNonPublic(host, address)
}

/**
 * A `lookup` for the request itself: resolves again and refuses a non-public answer, so
 * the address connected to is one that was checked (a second DNS answer cannot swap in
 * a private address between the check and the connection).
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number
  ) => void
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '')
    const bad = addresses.find(entry => isNonPublicAddress(entry.address))
    if (bad) return callback(refusal(hostname, bad.address), '')
    if (options.all) return callback(null, addresses)
    const [first] = addresses
    callback(null, first.address, first.family)
  })
}

function refuseNonPublic(host: string, address: string): void {
  if (isNonPublicAddress(address)) throw refusal(host, address)
}

function refusal(host: string, address: string): DownloadRefusal {
  const where = host === address ? address : `${clip(host)} (${address})`
  return new DownloadRefusal(
    `the result link points to ${where}, a private, link-local or loopback address`
  )
}

function ipv4FromHex(high: string, low: string): string {
  const a = parseInt(high, 16)
  const b = parseInt(low, 16)
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`
}
