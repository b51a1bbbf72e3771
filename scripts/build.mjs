// Bundles the action's entry points, the CLI, the simulator and the library into dist/,
// then writes the library's type declarations to dist/types.
// esbuild instead of ncc (measured with ncc 0.38.4 on the same entry: it does bundle the
// ESM-only @actions/* v3 releases, but takes 12-16 s against esbuild's ~1 s, splits numbered
// chunk files beside index.js, and only gets under 1.5 MB by mangling every name). The tests
// bundle the current source several times a run, so build speed matters too.
import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { build } from 'esbuild'
import {
  ACTION_BUNDLE_OPTIONS,
  ACTION_ENTRIES,
  BUNDLE_OPTIONS,
  COMMONJS_BUNDLE_OPTIONS,
  ENTRY_POINTS,
  LIBRARY_ENTRIES,
  SKILL_CLI
} from './build-options.mjs'

const entries = names => Object.fromEntries(names.map(name => [name, ENTRY_POINTS[name]]))

// Chunk names change with their content: the old ones must not linger beside the new.
rmSync('dist/chunks', { recursive: true, force: true })
await build({ ...ACTION_BUNDLE_OPTIONS, entryPoints: entries(ACTION_ENTRIES), outdir: 'dist' })
// The CLI, simulator and library stay one file each: `node dist/cli.js` or an import of
// dist/lib.js needs nothing beside it.
await build({
  ...BUNDLE_OPTIONS,
  entryPoints: entries(Object.keys(ENTRY_POINTS).filter(name => !ACTION_ENTRIES.includes(name))),
  outdir: 'dist'
})

// The skill folder carries the CLI, so an installed skill runs without a clone or an npm
// install (skills/aivideomaker/scripts/run-workflow.mjs imports it).
copyFileSync('dist/cli.js', SKILL_CLI)

rmSync('dist/types', { recursive: true, force: true })
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
  stdio: 'inherit'
})

// The library and the simulator once more as CommonJS, for `require()` (package.json
// exports: `import` gets the ESM files above, `default` these). The folder's own
// package.json makes Node and TypeScript read its .js and .d.ts files as CommonJS; the
// declarations are the same text, so a copy serves.
rmSync('dist/cjs', { recursive: true, force: true })
await build({
  ...COMMONJS_BUNDLE_OPTIONS,
  entryPoints: entries(LIBRARY_ENTRIES),
  outdir: 'dist/cjs'
})
cpSync('dist/types', 'dist/cjs/types', { recursive: true })
mkdirSync('dist/cjs', { recursive: true })
writeFileSync('dist/cjs/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`)
