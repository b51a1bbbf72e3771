/** The schemas' `pattern` of a public http(s) URL field. */
export declare const HTTP_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://(?:[^\\s/?#@:\\\\\\[\\]<>^|%]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]*)?(?:[/?#]\\S*)?$";
/** The schemas' `pattern` of an image field: a public http(s) URL or a base64 image data URI. */
export declare const IMAGE_REF_PATTERN = "^(?:[Hh][Tt][Tt][Pp][Ss]?://(?:[^\\s/?#@:\\\\\\[\\]<>^|%]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]*)?(?:[/?#]\\S*)?|data:image/(?:png|jpeg|webp|gif);base64,(?:[A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/])*(?:[A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/]|[A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/]=|[A-Za-z0-9+/][A-Za-z0-9+/]==))$";
/** What an image field accepts, in words. */
export declare const IMAGE_REF_TEXT = "a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI";
/** What a URL-only field accepts, in words. */
export declare const HTTP_URL_TEXT = "a public http(s) URL";
/**
 * Why a value fails the schema pattern `pattern` when that is the image or URL pattern,
 * or null when it passes (or is not a string, or the pattern is another one).
 */
export declare function patternProblem(pattern: string, value: unknown): string | null;
/** Why a value is not an image reference, or null when it is one. */
export declare function imageRefProblem(value: string): string | null;
/** Why a value is not a public http(s) URL, or null when it is one. */
export declare function httpUrlProblem(value: string): string | null;
