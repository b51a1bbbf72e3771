// Bundles the action's entry points, the CLI, the simulator and the library into dist/,
// then writes the library's type declarations to dist/types.
// esbuild instead of ncc (measured with ncc 0.38.4 on the same entry: it does bundle the
// ESM-only @actions/* v3 releases, but takes 12-16 s against esbuild's ~1 s, splits numbered
// chunk files beside index.js, and only gets under 1.5 MB by mangling every name). The tests
// bundle the current source several times a run, so build speed matters too.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, ENTRY_POINTS } from './build-options.mjs'

await build({ ...BUNDLE_OPTIONS, entryPoints: ENTRY_POINTS, outdir: 'dist' })

rmSync('dist/types', { recursive: true, force: true })
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
  stdio: 'inherit'
})
