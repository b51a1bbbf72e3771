import type { BuildOptions } from 'esbuild'

export declare const ENTRY_POINTS: Record<'index' | 'post' | 'cli' | 'sim' | 'lib', string>
export declare const BUNDLE_OPTIONS: BuildOptions
