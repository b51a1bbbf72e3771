import type { Payload } from './models.js';
export interface InputFile {
    contentType: string;
    bytes: Buffer;
}
/**
 * Images sent inline as data URIs. Upstream stores them and shows a URL in the task's
 * `input` instead of the base64 text; this keeps them in memory and serves them the same way.
 */
export declare class InputFileStore {
    private readonly baseUrl;
    private readonly files;
    /** @param baseUrl where `/files/inputs/<name>` is served */
    constructor(baseUrl: string);
    /** A copy of a (validated) payload with every data-URI image replaced by its URL. */
    replaceDataImages(payload: Payload): Payload;
    get(name: string): InputFile | undefined;
    private replace;
    private storeIfDataImage;
}
