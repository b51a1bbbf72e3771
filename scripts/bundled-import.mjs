// Loads a TypeScript module (a test fixture) from a plain Node script: the doc scripts
// render from the same fixtures the tests run, and Node cannot import .ts by itself.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/** Bundles `entry` with esbuild into a temporary directory and imports the result. */
export async function importBundled(entry) {
  const name = basename(entry, '.ts')
  const dir = mkdtempSync(join(tmpdir(), `${name}-`))
  try {
    const outfile = join(dir, `${name}.mjs`)
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning'
    })
    return await import(pathToFileURL(outfile).href)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
