import fc from 'fast-check'

/**
 * Pieces an upstream that is compromised, buggy or echoing a prompt could send: line breaks,
 * workflow commands (both forms), terminal escapes (7- and 8-bit), HTML, and the Markdown
 * of links, images, mentions, references and autolinks.
 */
export const HOSTILE_PIECES = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u0085',
  '::',
  '::warning title=x::forged',
  '::stop-commands::tok',
  '::add-mask::COMPLETED',
  '  ::error::indented',
  '##[error]legacy',
  '\u001b',
  '\u001b[2K',
  '\u001b]52;c;aGk=\u0007',
  '\u001bP1$r\u001b\\',
  '\u009b2K',
  '\u009d0;title\u009c',
  '\u202e',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example/a">',
  '<h1>',
  '</td></tr></table>',
  '<!--',
  '-->',
  '&lt;',
  '`',
  '```',
  '|',
  '\\',
  '[log in](https://evil.example/p)',
  '![t](https://evil.example/t.png)',
  '@team',
  '#12',
  'org/repo#3',
  'https://evil.example/x',
  'www.evil.example',
  '*',
  '_',
  ' ',
  'COMPLETED'
]

/** Arbitrary Unicode (any code point) mixed with the hostile pieces. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }
      ),
      { minLength: 1, maxLength: 10 }
    )
    .map(pieces => pieces.join(''))
)

/** Credits as upstream might send them: numbers, or anything else in their place. */
export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }),
  fc.constantFrom(NaN, Infinity, -Infinity, null),
  hostileText,
  fc.constant({ valueOf: '<b>' })
)

/**
 * The lines a runner would scan for workflow commands that start one: `::name` at the start
 * after spaces, or the legacy `##[name` anywhere. Empty when upstream started none.
 */
export function commandLines(stdout: string): string[] {
  return stdout
    .split(/\r\n|\r|\n/)
    .filter(line => line.trimStart().startsWith('::') || line.includes('##['))
}
