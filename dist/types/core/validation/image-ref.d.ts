/** What the `image-ref` format accepts, in words. */
export declare const IMAGE_REF_TEXT = "a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI";
/**
 * Why a value fails the `image-ref` or `http-url` format, or null when it passes
 * (or when the value is not a string, or the format is another one).
 */
export declare function formatProblem(format: string, value: unknown): string | null;
/** Why a value is not an image reference, or null when it is one. */
export declare function imageRefProblem(value: string): string | null;
/** Why a value is not a public http(s) URL, or null when it is one. */
export declare function httpUrlProblem(value: string): string | null;
