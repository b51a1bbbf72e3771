// Bundles the action's entry points, the CLI, the simulator and the library into dist/.
// esbuild instead of ncc: ncc cannot bundle the ESM-only @actions/* v3+ releases into ESM.
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
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  charset: 'utf8',
  banner,
  logLevel: 'warning'
})
