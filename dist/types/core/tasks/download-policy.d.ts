import { type LookupAddress, type LookupOptions } from 'node:dns';
/**
 * Where a result link may point. Upstream's answer is untrusted: a link to plain http,
 * to the runner's own network (a metadata service, a database port) or to loopback would
 * turn the download into a request on the attacker's behalf. A loopback base URL means a
 * local simulator, whose links are loopback http: only then are such links allowed.
 */
export interface DownloadPolicy {
    /** Plain http and private, link-local or loopback hosts are allowed. */
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
 * A `lookup` for the request itself: resolves again and refuses a non-public answer, so
 * the address connected to is one that was checked (a second DNS answer cannot swap in
 * a private address between the check and the connection).
 */
export declare function guardedLookup(hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void;
