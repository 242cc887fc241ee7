/**
 * Character classes on UTF-16 code units, shared by the literal parser and the locator so that both
 * agree on where a name ends. Identifiers are read loosely, as Python and JavaScript both allow: ASCII
 * letters, `_`, `$`, digits after the first character, and every non-ASCII unit (a name such as `π`
 * is then an unknown name, never an operator).
 */

/** Whether `c` can begin an identifier. */
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

/** Whether `c` can continue an identifier. */
export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Whether `c` is an ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
