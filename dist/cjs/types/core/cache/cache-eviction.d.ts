/**
 * Removes entries, least recently used first (a record's modification time is its last
 * use), until the videos of the remaining entries fit in `maxBytes`. The entry just
 * stored (`keep`) stays even when it alone is larger. A video goes only when no
 * remaining record names it. A concurrent writer loses at worst an entry (a later miss),
 * never gets a record whose video is another's: videos are named by their digest.
 */
export declare function evictLeastRecentlyUsed(root: string, maxBytes: number, keep: string): Promise<void>;
/**
 * Removes the video `sha256` when no record names it any more: the video an entry had
 * before it was replaced (a refresh, a corrupt entry rendered again), so replacing
 * entries does not grow the folder.
 */
export declare function removeUnreferencedVideo(root: string, sha256: string): Promise<void>;
