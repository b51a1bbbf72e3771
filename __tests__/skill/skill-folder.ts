import { cp, mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, ENTRY_POINTS, SKILL_CLI } from '../../scripts/build-options.mjs'
import { ROOT } from '../cli/cli-process.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

/** The skill folder in the repository. */
export const SKILL_DIR = join(ROOT, 'skills', 'aivideomaker')

/**
 * Bundles the CLI from the current source to the skill's scripts/aivideomaker.mjs with
 * scripts/build.mjs's options (what `npm run build` copies there from dist/cli.js), through a
 * temporary file, so a test starting the script while another builds never reads half a bundle.
 */
export async function buildSkillCli(): Promise<void> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, ENTRY_POINTS.cli)],
    outfile: join(ROOT, SKILL_CLI),
    write: false
  })
  const target = join(ROOT, SKILL_CLI)
  await mkdir(dirname(target), { recursive: true })
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`
  await writeFile(temporary, result.outputFiles[0].contents)
  await rename(temporary, target)
}

/**
 * A copy of the skill folder alone, in the OS temp folder (no node_modules above it), as
 * an installer leaves it; removed after the test file.
 */
export async function copySkillFolder(): Promise<string> {
  const dir = await makeTempDir('aivideo-skill-')
  await cp(SKILL_DIR, join(dir, 'aivideomaker'), { recursive: true })
  return join(dir, 'aivideomaker')
}
