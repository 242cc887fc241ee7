/**
 * Values from a paused debug session: the expressions that describe and serialise them inside the debuggee
 * (Python, JavaScript) and the host's checks and assembly of the chunks. Pure: no `vscode`, no DOM, no `fs`.
 */
export { wireFromName, wireFromNumpyStr, type WireDType } from './dtypes';
export { pythonChunk, pythonProbe } from './python';
export { jsChunk, jsProbe } from './javascript';
export {
  chunkBytesFor, chunkRanges, decodeBase64, DebugValueError, expressionRefusal, npyHeader, parseChunk, parseProbe, sliceSuggestion,
  supportedText, unquote, type DebugLanguage, type Probe, type ValueKind,
} from './transfer';
