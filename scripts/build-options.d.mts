import type { BuildOptions } from 'esbuild'

export declare const ENTRY_POINTS: Record<'index' | 'post' | 'cli' | 'sim' | 'lib' | 'mcp', string>
export declare const ACTION_ENTRIES: readonly ('index' | 'post')[]
export declare const BUNDLE_OPTIONS: BuildOptions
export declare const ACTION_BUNDLE_OPTIONS: BuildOptions
export declare const SKILL_CLI: string
export declare const LIBRARY_ENTRIES: readonly ('lib' | 'sim' | 'mcp')[]
export declare const COMMONJS_BUNDLE_OPTIONS: BuildOptions
