// The esbuild options of every bundle in dist/, shared by scripts/build.mjs and the tests
// that bundle the current source, so what the tests run is byte for byte what CI checks.

/** dist/<name>.js <- source entry point. */
export const ENTRY_POINTS = {
  index: 'src/action/index.ts',
  post: 'src/action/post.ts',
  cli: 'src/cli/index.ts',
  sim: 'src/sim/index.ts',
  lib: 'src/index.ts'
}

export const BUNDLE_OPTIONS = {
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
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  },
  logLevel: 'warning'
}
