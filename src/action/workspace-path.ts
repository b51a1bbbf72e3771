import { existsSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { InputError } from './input-error.js'
import { clip } from '../core/api/clipped-text.js'

/**
 * Resolves a path input against the workspace and refuses anything that ends up outside
 * it: `../` walks, absolute paths elsewhere, and symlinks (on the path or any existing
 * parent) that lead out. Files the action reads or writes stay in the job's checkout.
 *
 * Returns the absolute path inside the workspace (not the symlink-resolved one).
 */
export function resolveInWorkspace(text: string, inputName: string, workspace: string): string {
  if (text.includes('\0'))
    throw InputError.of('INVALID_INPUT', `${inputName} contains a NUL character`)
  if (!existsSync(workspace)) {
    throw InputError.of(
      'INVALID_INPUT',
      `${inputName} needs the workspace, but ${workspace} does not exist`
    )
  }
  const root = realpathSync(workspace)
  const target = resolve(workspace, text)
  const outside = `${inputName} "${clip(text, 120)}" resolves outside the workspace (${workspace}); use a path inside it, e.g. out/video.mp4`
  if (!isInside(resolve(workspace), target) && !isInside(root, target)) {
    throw InputError.of('INVALID_INPUT', outside)
  }
  // realpath of the nearest existing ancestor: a symlinked directory (or file) that
  // points elsewhere would move a write or read outside the checkout.
  let existing = target
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing)
  const real = realpathSync(existing)
  if (real !== root && !isInside(root, real)) {
    throw InputError.of('INVALID_INPUT', `${outside} (through a symbolic link)`)
  }
  return target
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/**
 * A path as a reader of the summary knows it: relative to the workspace when inside it
 * (`out/fox.mp4`, not `/home/runner/work/repo/repo/out/fox.mp4`), else unchanged.
 */
export function workspaceRelative(path: string, workspace = process.env.GITHUB_WORKSPACE): string {
  if (!workspace || !isAbsolute(path)) return path
  const rel = relative(resolve(workspace), path)
  return isInside(resolve(workspace), path) ? rel.split(sep).join('/') : path
}
