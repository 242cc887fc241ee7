/**
 * The readers: array literals from editor text, `.npy` and `.npz` files from bytes. Pure: no `vscode`,
 * DOM or `fs`; they run in the extension host, worker threads, the webview and plain Node.
 */
export { ArrayParseError, NpyFormatError, lineColumn, type ArrayParseErrorCode } from './errors';
export {
  parseArrayLiteral, parseArrayLiteralInfo, estimateElementCount, DEFAULT_MAX_ELEMENTS, MAX_ELEMENTS_CEILING,
  type ArrayLiteralInfo, type LiteralParseOptions, type LiteralSyntax,
} from './literal/parser';
export { readNpy, readNpyHeader, readNpyWithHeader, writeNpy, type NpyHeader } from './npy';
export {
  readNpz, readNpzWithHeaders, readNpzMember, listNpz, listNpzPage, findNpzEntry, type NpzPage, DEFAULT_NPZ_MAX_INFLATED_BYTES, type NpzEntry, type NpzOptions,
} from './npz';
export {
  findArrayLiteralAt, DEFAULT_MAX_SCAN_CHARS, type LocateOptions, type LocatedLiteral,
} from './literal/locate';
