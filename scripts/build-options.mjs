// The esbuild options of every bundle in dist/, shared by scripts/build.mjs and the tests
// that bundle the current source, so what the tests run is byte for byte what CI checks.
import { precompiledValidators } from './precompiled-validators.mjs'

/** dist/<name>.js <- source entry point. */
export const ENTRY_POINTS = {
  index: 'src/action/index.ts',
  post: 'src/action/post.ts',
  cli: 'src/cli/index.ts',
  sim: 'src/sim/index.ts',
  lib: 'src/index.ts',
  mcp: 'src/mcp/index.ts'
}

/** The skill's copy of dist/cli.js, written by scripts/build.mjs and committed like dist/. */
export const SKILL_CLI = 'skills/aivideomaker/scripts/aivideomaker.mjs'

/** The action's own entries (action.yml main and post), built together with code splitting. */
export const ACTION_ENTRIES = ['index', 'post']

/**
 * @actions/http-client imports undici (about 420 KB bundled, half the action's size then)
 * only for `getAgentDispatcher()`, the proxy dispatcher of fetch-based clients. Our transport
 * calls `request()`, which proxies through node:http and `tunnel`, so that path never runs:
 * this copy of http-client gets a ProxyAgent that says so instead. The PR-comment client
 * (@actions/github, with its own http-client) keeps the real undici for its proxy fetch.
 */
const httpClientWithoutUndici = {
  name: 'http-client-without-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, args =>
      /[\\/]node_modules[\\/]@actions[\\/]http-client[\\/]/.test(args.importer) &&
      !/[\\/]@actions[\\/]github[\\/]/.test(args.importer)
        ? { path: 'undici', namespace: 'proxy-agent-stub' }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: 'proxy-agent-stub' }, () => ({
      loader: 'js',
      contents:
        'export class ProxyAgent { constructor() { throw new Error("aivideomaker-action: ' +
        'HttpClient.getAgentDispatcher() is not bundled; the transport proxies through request()") } }'
    }))
  }
}

/**
 * `aivideomaker mcp` loads the MCP server (the SDK and zod: about 300 KB) from dist/mcp.js
 * beside dist/cli.js, only when asked: bundled in, it cost every other command about 25 ms
 * of start-up CPU.
 */
const mcpOnDemand = {
  name: 'mcp-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/mcp\/index\.js$/ }, args =>
      /[\\/]src[\\/]cli[\\/]mcp-command\.ts$/.test(args.importer)
        ? { path: './mcp.js', external: true }
        : undefined
    )
  }
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
  plugins: [httpClientWithoutUndici, precompiledValidators, mcpOnDemand],
  logLevel: 'warning'
}

/** The entries a user's code imports (the package's exports). */
export const LIBRARY_ENTRIES = ['lib', 'sim', 'mcp']

/** The library's entries as CommonJS, for `require()` (Node has require() natively there). */
export const COMMONJS_BUNDLE_OPTIONS = {
  ...BUNDLE_OPTIONS,
  format: 'cjs',
  banner: {}
}

/**
 * The action's entries: what a plain run does not need (the PR-comment client, the YAML
 * parser of batch files) is imported dynamically, and splitting puts it in chunks a plain
 * run never loads. Chunk names carry a hash of their content, so a build is reproducible
 * (CI compares dist/ with a fresh build) and scripts/build.mjs deletes stale ones.
 */
export const ACTION_BUNDLE_OPTIONS = {
  ...BUNDLE_OPTIONS,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]'
}
