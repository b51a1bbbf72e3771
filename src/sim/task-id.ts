import { randomInt } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const RANDOM_CHARS = 24

/** A new upstream-style task id: `ck` and 24 random lowercase alphanumerics (cuid-like). */
export function createTaskId(): string {
  let id = 'ck'
  for (let i = 0; i < RANDOM_CHARS; i += 1) id += ALPHABET[randomInt(ALPHABET.length)]
  return id
}
