/**
 * Errors thrown by the readers. Both carry where the problem is, so the editor can underline it
 * (literals) or the panel can say which byte is wrong (files), and a message a person can act on.
 */

/** What kind of problem an {@link ArrayParseError} reports; stable for callers that branch on it. */
export type ArrayParseErrorCode =
  | 'syntax'        // unexpected character, missing comma, unterminated string or comment
  | 'unbalanced'    // a bracket that is never closed, or closed by the wrong kind
  | 'ragged'        // rows of different lengths, or numbers mixed with lists at one depth
  | 'unknown-name'  // an identifier the reader does not know (variables are never evaluated)
  | 'unsupported'   // a construct the reader understands but refuses (complex numbers, strings as data)
  | 'shape'         // reshape sizes that do not match, bad shape arguments
  | 'range'         // a number out of range for the dtype
  | 'too-large';    // more elements than the caller's `maxElements`, or nesting deeper than 64

/**
 * A problem in an array literal. `offset` and `length` are UTF-16 code-unit positions in the text that
 * was parsed (add the selection start to map them into a document); `line` and `column` are 1-based
 * and already in the message.
 */
export class ArrayParseError extends Error {
  override readonly name = 'ArrayParseError';
  readonly line: number;
  readonly column: number;

  constructor(
    readonly detail: string,
    readonly offset: number,
    readonly length: number,
    readonly code: ArrayParseErrorCode,
    text: string,
  ) {
    const { line, column } = lineColumn(text, offset);
    super(`${detail} (line ${line}, column ${column})`);
    this.line = line;
    this.column = column;
  }
}

/**
 * A `.npy`/`.npz` file that cannot be read. `byteOffset` is where in the file (or in the `.npz`
 * member, when `member` is set) the problem was found, when there is one place to point at.
 */
export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';

  constructor(
    message: string,
    readonly byteOffset?: number,
    readonly member?: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of a UTF-16 offset; `\r\n`, `\n` and `\r` each end a line. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const stop = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: stop - lineStart + 1 };
}
