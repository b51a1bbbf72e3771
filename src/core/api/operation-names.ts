/**
 * What either face can be asked to do (the action's `action` input, the CLI's `--action`):
 * `run`, the full workflow and the default, or one API operation.
 */
export const OPERATION_NAMES = [
  'run',
  'createGeneration',
  'getStatus',
  'getTask',
  'cancelTask',
  'listTasks',
  'account',
  'quote'
] as const

export type OperationName = (typeof OPERATION_NAMES)[number]

/** The API operations, named as in the envelope's messages. */
export type Operation = Exclude<OperationName, 'run'>

export function isOperationName(value: string): value is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(value)
}

/** The operation spelled `text` in any letter case (`getstatus` -> `getStatus`), if any. */
export function findOperationName(text: string): OperationName | undefined {
  return OPERATION_NAMES.find(name => name.toLowerCase() === text.toLowerCase())
}
