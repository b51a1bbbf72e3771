/**
 * The terminal sink: the CLI's stderr. A terminal acts on escape sequences (OSC 52 writes
 * the clipboard, CSI erases lines, a bare CR moves back to overwrite one), so text from
 * upstream must carry none; only the reporter's own progress codes reach the terminal.
 */

// String sequences (OSC, DCS, SOS, PM, APC) in their 7-bit and 8-bit forms, up to their
// terminator (BEL, ST or ESC \), or to the end of the text when it never comes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x9c|\x1b\\|$)/g
// CSI sequences (ESC [ or 0x9B): parameters, intermediates, one final byte.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g
// Any other escape: ESC, intermediates, one final byte.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g
// What is left of C0/C1 (CR and LF included), DEL, Unicode line breaks and the
// bidirectional overrides that can make a line read differently.
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** One line of plain text for the terminal: escape sequences removed, controls as spaces. */
export function terminalText(text: string): string {
  return text
    .replace(STRING_SEQUENCE, '')
    .replace(CONTROL_SEQUENCE, '')
    .replace(OTHER_ESCAPE, '')
    .replace(UNSAFE_CHARACTERS, ' ')
}
