// Bundles the action's entry points, the CLI, the simulator and the library into dist/,
// then writes the library's type declarations to dist/types.
// esbuild instead of ncc: the @actions/* v3+ releases are ESM-only, and ncc's output for
// them is CommonJS; esbuild bundles them as ESM in well under a second.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
const banner = {
  js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
}

await build({
  entryPoints: {
    index: 'src/action/index.ts',
    post: 'src/action/post.ts',
    cli: 'src/cli/index.ts',
    sim: 'src/sim/index.ts',
    lib: 'src/index.ts'
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: false,
  // Every workflow step pays the parse cost of dist/index.js: minify, but keep function and
  // class names so stack traces stay readable.
  minify: true,
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  charset: 'utf8',
  banner,
  logLevel: 'warning'
})

rmSync('dist/types', { recursive: true, force: true })
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
  stdio: 'inherit'
})
