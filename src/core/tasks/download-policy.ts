import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { lookup as dnsLookupAll } from 'node:dns/promises'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { isLoopbackHost } from '../api/base-url.js'
import { clip } from '../api/clipped-text.js'

/**
 * Where a result link may point. Upstream's answer is untrusted: a link to plain http,
 * to the runner's own network (a metadata service, a database port) or to loopback would
 * turn the download into a request on the attacker's behalf. A loopback base URL means a
 * local simulator, whose links are loopback http: only then are plain http and loopback
 * hosts allowed. Private, link-local and every other non-public address never are: a
 * local upstream has no reason to send the runner to its metadata service either.
 */
export interface DownloadPolicy {
  /** Plain http and loopback hosts are allowed (a local simulator). */
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

/**
 * IPv6 ranges outside the public internet that ipaddr.js's table (pinned, its `range()`)
 * does not name: deprecated site-local (RFC 3879), IPv4-compatible (RFC 4291, deprecated;
 * `::7f00:1` is 127.0.0.1), the NAT64 local-use prefix (RFC 8215), the dummy prefix
 * (RFC 9780), documentation (RFC 9637) and SRv6 SIDs (RFC 9602), all from the IANA
 * IPv6 special-purpose registry.
 */
const MORE_NON_PUBLIC_V6: readonly [ipaddr.IPv6, number][] = (
  [
    ['fec0::', 10],
    ['::', 96],
    ['64:ff9b:1::', 48],
    ['100:0:0:1::', 64],
    ['3fff::', 20],
    ['5f00::', 16]
  ] as const
).map(([network, bits]) => [ipaddr.IPv6.parse(network), bits])

/** IPv6 ranges that carry an IPv4 address: the address reached is that IPv4 host. */
const EMBEDS_IPV4: readonly string[] = ['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4']

/**
 * Is `address` (an IP literal) private, link-local, loopback or otherwise not public?
 * Public means ipaddr.js's `unicast` (every IANA special-purpose range named otherwise);
 * an IPv6 form that carries an IPv4 address (mapped, translated, NAT64, 6to4) is judged
 * by that IPv4 address. Anything that is not a plain IP literal counts as not public.
 */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  // net.isIP first: ipaddr.js also reads "10", "0x7f.1" and other forms no URL host has.
  const family = isIP(bare)
  if (family === 4) return ipaddr.IPv4.parse(bare).range() !== 'unicast'
  if (family !== 6) return true
  const v6 = ipaddr.IPv6.parse(bare)
  if (MORE_NON_PUBLIC_V6.some(range => v6.match(range))) return true
  const range = v6.range()
  if (EMBEDS_IPV4.includes(range)) return isNonPublicAddress(embeddedIPv4(v6, range))
  return range !== 'unicast'
}

/** The IPv4 address inside an IPv6 one: its last 32 bits, or bits 16-47 for 6to4. */
function embeddedIPv4(v6: ipaddr.IPv6, range: string): string {
  const [high, low] = range === '6to4' ? v6.parts.slice(1, 3) : v6.parts.slice(6, 8)
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
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
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) {
    refuseNonPublic(host, host, policy)
    return
  }
  let addresses: LookupAddress[]
  try {
    addresses = await dnsLookupAll(host, { all: true })
  } catch {
    return
  }
  for (const { address } of addresses) refuseNonPublic(host, address, policy)
}

/** Is `address` (an IP literal) loopback, or an IPv4-mapped loopback address? */
function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '')
  const family = isIP(bare)
  if (family === 4) return ipaddr.IPv4.parse(bare).range() === 'loopback'
  if (family !== 6) return false
  const v6 = ipaddr.IPv6.parse(bare)
  if (v6.range() === 'loopback') return true
  return v6.isIPv4MappedAddress() && v6.toIPv4Address().range() === 'loopback'
}

/** Whether `policy` lets a link reach `address`. */
function isAllowedAddress(address: string, policy: DownloadPolicy): boolean {
  return !isNonPublicAddress(address) || (policy.allowsLocal && isLoopbackAddress(address))
}

/**
 * A `lookup` for the request itself, under `policy`: resolves again and refuses an
 * address the policy does not allow, so the address connected to is one that was checked
 * (a second DNS answer cannot swap in a private address between the check and the
 * connection).
 */
export function guardedLookup(policy: DownloadPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '')
      const bad = addresses.find(entry => !isAllowedAddress(entry.address, policy))
      if (bad) return callback(refusal(hostname, bad.address), '')
      if (options.all) return callback(null, addresses)
      const [first] = addresses
      callback(null, first.address, first.family)
    })
  }
}

/** What a `lookup` answers: an error, or the address(es) and family. */
type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void

function refuseNonPublic(host: string, address: string, policy: DownloadPolicy): void {
  if (!isAllowedAddress(address, policy)) throw refusal(host, address)
}

function refusal(host: string, address: string): DownloadRefusal {
  const where = host === address ? address : `${clip(host)} (${address})`
  return new DownloadRefusal(
    `the result link points to ${where}, a private, link-local or loopback address`
  )
}
