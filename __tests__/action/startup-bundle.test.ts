import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { build, type Metafile } from 'esbuild'
import { ACTION_BUNDLE_OPTIONS, ENTRY_POINTS } from '../../scripts/build-options.mjs'

/**
 * Issue 14, start-up: a plain run loads dist/index.js and the chunks it imports
 * statically, nothing else. The PR-comment client and the YAML parser are dynamic imports,
 * and undici is not bundled for @actions/http-client at all. Built in memory with the
 * options of scripts/build.mjs (nothing is written).
 */
const ROOT = join(import.meta.dirname, '..', '..')
const OUT = join(ROOT, 'dist')
const MAX_PLAIN_RUN_BYTES = 500 * 1024

async function buildAction(): Promise<Metafile> {
  const result = await build({
    ...ACTION_BUNDLE_OPTIONS,
    entryPoints: {
      index: join(ROOT, ENTRY_POINTS.index),
      post: join(ROOT, ENTRY_POINTS.post)
    },
    outdir: OUT,
    write: false,
    metafile: true,
    absWorkingDir: ROOT
  })
  return result.metafile
}

/** The outputs `entry` loads before it runs: itself and its static imports, transitively. */
function staticClosure(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>()
  const visit = (output: string): void => {
    if (seen.has(output)) return
    seen.add(output)
    for (const imported of metafile.outputs[output].imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
    }
  }
  visit(entry)
  return [...seen]
}

function packagesIn(metafile: Metafile, outputs: string[]): Set<string> {
  const packages = new Set<string>()
  for (const output of outputs) {
    for (const input of Object.keys(metafile.outputs[output].inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(input)
      if (match) packages.add(match[1])
    }
  }
  return packages
}

describe('the action bundle', () => {
  it('a plain run loads at most 500 KB, without the PR-comment client, the YAML parser or undici', async () => {
    const metafile = await buildAction()
    const loaded = staticClosure(metafile, 'dist/index.js')
    const bytes = loaded.reduce((sum, output) => sum + metafile.outputs[output].bytes, 0)
    expect(bytes).toBeLessThanOrEqual(MAX_PLAIN_RUN_BYTES)
    const packages = packagesIn(metafile, loaded)
    expect(packages).toContain('@actions/http-client')
    for (const lazy of ['yaml', 'undici', '@actions/github', '@octokit/core']) {
      expect(packages).not.toContain(lazy)
    }
    // They are still there for the steps that need them, behind dynamic imports.
    const everything = packagesIn(metafile, Object.keys(metafile.outputs))
    expect(everything).toContain('yaml')
    expect(everything).toContain('@actions/github')
  })

  it('the post step loads neither the PR-comment client nor the YAML parser', async () => {
    const metafile = await buildAction()
    const packages = packagesIn(metafile, staticClosure(metafile, 'dist/post.js'))
    for (const lazy of ['yaml', 'undici', '@actions/github']) {
      expect(packages).not.toContain(lazy)
    }
  })

  it('builds the same chunk names twice, so CI can compare dist/ with a fresh build', async () => {
    const [first, second] = [await buildAction(), await buildAction()]
    const chunks = (metafile: Metafile): string[] => Object.keys(metafile.outputs).sort()
    expect(chunks(second)).toEqual(chunks(first))
    expect(chunks(first).some(name => name.startsWith('dist/chunks/'))).toBe(true)
  })
})
