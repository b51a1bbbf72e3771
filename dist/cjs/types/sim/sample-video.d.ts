/** The sample MP4's bytes (decoded once; callers must not mutate the buffer). */
export declare function getSampleVideo(): Buffer;
