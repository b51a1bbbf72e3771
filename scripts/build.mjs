// Bundles the action's entry points, the CLI, the simulator and the library into dist/,
// then writes the library's type declarations to dist/types.
// esbuild instead of ncc: the @actions/* v3+ releases are ESM-only, and ncc's output for
// them is CommonJS; esbuild bundles them as ESM in well under a second.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, ENTRY_POINTS } from './build-options.mjs'

await build({ ...BUNDLE_OPTIONS, entryPoints: ENTRY_POINTS, outdir: 'dist' })

rmSync('dist/types', { recursive: true, force: true })
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
  stdio: 'inherit'
})
