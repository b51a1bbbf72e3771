import type { BuildOptions } from 'esbuild'

export declare const ENTRY_POINTS: Record<'index' | 'post' | 'cli' | 'sim' | 'lib', string>
export declare const ACTION_ENTRIES: readonly ('index' | 'post')[]
export declare const BUNDLE_OPTIONS: BuildOptions
export declare const ACTION_BUNDLE_OPTIONS: BuildOptions
export declare const LIBRARY_ENTRIES: readonly ('lib' | 'sim')[]
export declare const COMMONJS_BUNDLE_OPTIONS: BuildOptions
