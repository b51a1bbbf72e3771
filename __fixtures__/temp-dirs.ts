import { afterAll } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const created: string[] = []

// Registered when a test file first imports this module: jest gives each test file its
// own module registry, so every file removes the directories it made after its last test
// (CI fails when a test run leaves anything in the OS temp folder).
afterAll(async () => {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A new directory in the OS temp folder, removed after the test file's last test. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  created.push(dir)
  return dir
}

/** Removes `dir` after the test file's last test (a directory made by someone else). */
export function removeAfterAll(dir: string): void {
  created.push(dir)
}
