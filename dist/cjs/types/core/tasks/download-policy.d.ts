import { type LookupAddress, type LookupOptions } from 'node:dns';
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
    allowsLocal: boolean;
}
/** The policy for links that came from `baseUrl`; without one, the strict policy. */
export declare function downloadPolicyFor(baseUrl: string | undefined): DownloadPolicy;
/** A link or a host the policy refuses; the message says which rule. */
export declare class DownloadRefusal extends Error {
    constructor(message: string);
}
/**
 * Is `address` (an IP literal) private, link-local, loopback or otherwise not public?
 * Public means ipaddr.js's `unicast` (every IANA special-purpose range named otherwise);
 * an IPv6 form that carries an IPv4 address (mapped, translated, NAT64, 6to4) is judged
 * by that IPv4 address. Anything that is not a plain IP literal counts as not public.
 */
export declare function isNonPublicAddress(address: string): boolean;
/**
 * Checks one link (the first, or a redirect's target): https, or http under a local
 * policy; no credentials; a host that resolves to public addresses only. Throws a
 * `DownloadRefusal`; DNS failures are left to the request (they are network problems).
 */
export declare function checkLink(url: URL, policy: DownloadPolicy): Promise<void>;
/**
 * A `lookup` for the request itself, under `policy`: resolves again and refuses an
 * address the policy does not allow, so the address connected to is one that was checked
 * (a second DNS answer cannot swap in a private address between the check and the
 * connection).
 */
export declare function guardedLookup(policy: DownloadPolicy): (hostname: string, options: LookupOptions, callback: LookupCallback) => void;
/** What a `lookup` answers: an error, or the address(es) and family. */
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export {};
