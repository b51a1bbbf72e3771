// Both benchmarks run src/ bundled the way dist/ is built (not through a TS loader), so
// what they measure is what ships; one place keeps their build options the same.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS dependencies call require(), which an ESM bundle lacks.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  }
}

/**
 * Bundles the library into `work`/lib.mjs, from `library` (esbuild entry options: a
 * benchmark may export more than src/index.ts does), and the simulator into `work`/sim.mjs.
 */
export async function bundleLibraryAndSimulator(work, library) {
  await Promise.all([
    build({ ...COMMON, ...library, outfile: join(work, 'lib.mjs') }),
    build({
      ...COMMON,
      entryPoints: [join(ROOT, 'src/sim/index.ts')],
      outfile: join(work, 'sim.mjs')
    })
  ])
}
