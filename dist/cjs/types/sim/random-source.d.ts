/**
 * Numbers in [0, 1): repeatable from a seed (mulberry32) so a test or benchmark can
 * replay the same failures, else Math.random.
 */
export declare function createRandomSource(seed: number | undefined): () => number;
