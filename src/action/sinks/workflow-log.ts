/**
 * The workflow log sink: the action's stdout, which the runner scans line by line for
 * workflow commands. `core.warning`, `core.notice` and `core.setFailed` escape only `%`,
 * CR and LF, and a plain `core.info` line nothing, so every line and annotation with text
 * from elsewhere passes here first (ESC, C1, BEL and bidi controls would reach the log).
 */

// Line breaks the runner splits on (CR, LF, and the Unicode ones), every other C0/C1
// control, DEL, and the bidirectional overrides that can make a line read differently.
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// The runner still honours the old `##[command]` form anywhere in a line.
const LEGACY_COMMAND = /##\[/g
// The `::command::` form counts only at the start of a line, after any spaces.
const COMMAND_AT_START = /^(\s*):(?=:)/

/**
 * One log line that can start no workflow command: controls (line breaks included) become
 * spaces, so the text stays on the line our own words began, `##[` is split, and a line
 * that would still begin with `::` gets a space between the colons.
 */
export function logLine(text: string): string {
  return text
    .replace(UNSAFE_CHARACTERS, ' ')
    .replace(LEGACY_COMMAND, '## [')
    .replace(COMMAND_AT_START, '$1: ')
}
