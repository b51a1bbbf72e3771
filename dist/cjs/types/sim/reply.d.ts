import type { ServerResponse } from 'node:http';
/** A response body of known length, produced lazily so large files are never held in memory. */
export interface ReplyBody {
    length: number;
    chunks: () => Iterable<Buffer>;
}
/**
 * What an endpoint answers, decoupled from the socket so a fault can deliver the same
 * answer badly (cut, dripped, reset) instead of well.
 */
export interface Reply {
    status: number;
    headers: Record<string, string>;
    body: ReplyBody;
}
/** Tells a reply from the value an endpoint step produces when all is well. */
export declare function isReply<T extends object>(value: T | Reply): value is Reply;
export declare function bufferBody(bytes: Buffer): ReplyBody;
export declare function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply;
/** The upstream error body: `error` repeats the code because older clients read that field. */
export declare function errorReply(status: number, errorCode: string, message: string, headers?: Record<string, string>): Reply;
/** Writes a reply in full; a client that goes away mid-body is not an error for the server. */
export declare function sendReply(res: ServerResponse, reply: Reply, isHead?: boolean): Promise<void>;
