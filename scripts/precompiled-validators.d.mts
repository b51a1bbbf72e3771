import type { Plugin } from 'esbuild'

export declare function precompiledValidatorsSource(): string
export declare const precompiledValidators: Plugin
