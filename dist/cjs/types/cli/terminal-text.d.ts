/**
 * The terminal sink: the CLI's stderr. A terminal acts on escape sequences (OSC 52 writes
 * the clipboard, CSI erases lines, a bare CR moves back to overwrite one), so text from
 * upstream must carry none; only the reporter's own progress codes reach the terminal.
 */
/** One line of plain text for the terminal: escape sequences removed, controls as spaces. */
export declare function terminalText(text: string): string;
