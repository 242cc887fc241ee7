// What crosses from a debuggee: the .npy dtypes the readers accept, by numpy's type code and by the names the
// frameworks print (numpy, PyTorch, TensorFlow, JAX), and the reasons for the ones that cannot cross.

/** A dtype as it crosses: the .npy `descr` written little-endian, and its item size in bytes. */
export interface WireDType {
  descr: string;
  itemSize: number;
  /** numpy's name, e.g. `float32`: what messages and the panel's header show. */
  name: string;
}

/** Type codes (without byte order) the .npy reader accepts, with their item size and numpy name. */
const CODES: Record<string, { size: number; name: string }> = {
  b1: { size: 1, name: 'bool' }, '?': { size: 1, name: 'bool' },
  i1: { size: 1, name: 'int8' }, u1: { size: 1, name: 'uint8' },
  i2: { size: 2, name: 'int16' }, u2: { size: 2, name: 'uint16' },
  i4: { size: 4, name: 'int32' }, u4: { size: 4, name: 'uint32' },
  i8: { size: 8, name: 'int64' }, u8: { size: 8, name: 'uint64' },
  f2: { size: 2, name: 'float16' }, f4: { size: 4, name: 'float32' }, f8: { size: 8, name: 'float64' },
  c8: { size: 8, name: 'complex64' }, c16: { size: 16, name: 'complex128' },
};

const CODE_OF_NAME: Record<string, string> = Object.fromEntries(
  Object.entries(CODES).filter(([code]) => code !== '?').map(([code, v]) => [v.name, code]),
);

/** Framework dtypes with no .npy equivalent that are read as float32 (exactly: every value is a float32). */
const READ_AS_FLOAT32 = new Set(['bfloat16', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz']);

function wire(code: string): WireDType {
  const c = CODES[code];
  if (!c) throw new Error(`unknown type code ${code}`);
  const normal = code === '?' ? 'b1' : code;
  return { descr: `${c.size === 1 ? '|' : '<'}${normal}`, itemSize: c.size, name: c.name };
}

/** Why a numpy dtype string (`dtype.str`, e.g. `<M8[ns]`) cannot be shown. */
function refusal(str: string): string {
  const c = str.replace(/^[<>|=]/, '').charAt(0);
  const why =
    c === 'U' || c === 'S' || c === 'a' ? 'it holds strings' :
    c === 'O' ? 'it holds Python objects' :
    c === 'V' ? 'it holds raw or structured records (pick one numeric field, e.g. x["name"])' :
    c === 'M' || c === 'm' ? 'it holds datetimes or timedeltas' :
    c === 'f' || c === 'c' ? 'this float width is not supported (float16, float32 and float64 are)' :
    'it is not a numeric tensor dtype';
  return `dtype '${str}' cannot be shown: ${why}. Supported: bool, int8..int64, uint8..uint64, float16/32/64, complex64/128 (shown as magnitude)`;
}

/**
 * A numpy `dtype.str` (`<f4`, `>i2`, `|b1`) as it crosses (always little-endian), or the reason it cannot.
 * Big-endian data is converted by the debuggee while it serialises, so the reader always gets `<`.
 */
export function wireFromNumpyStr(str: string): WireDType | { refused: string } {
  const m = /^([<>|=])?([a-zA-Z?]\d*)$/.exec(str);
  const code = m?.[2];
  if (!code || !CODES[code]) return { refused: refusal(str) };
  return wire(code);
}

/**
 * A framework's dtype name (`torch.float32`, `float32`, `bfloat16`) as it crosses. bfloat16 and float8 are read
 * as float32 (`castFloat32`: the debuggee converts each chunk, which is exact).
 */
export function wireFromName(name: string): (WireDType & { castFloat32: boolean }) | { refused: string } {
  const bare = name.replace(/^torch\./, '').replace(/^tf\./, '');
  if (READ_AS_FLOAT32.has(bare)) return { ...wire('f4'), castFloat32: true };
  const alias: Record<string, string> = { bool_: 'bool', half: 'float16', float: 'float32', double: 'float64', cfloat: 'complex64', cdouble: 'complex128', long: 'int64', int: 'int32', short: 'int16' };
  const code = CODE_OF_NAME[alias[bare] ?? bare];
  if (!code) {
    return { refused: `dtype '${name}' cannot be shown: it is not a numeric tensor dtype this reader knows. Supported: bool, int8..int64, uint8..uint64, float16/32/64, bfloat16 and float8 (read as float32), complex64/128 (shown as magnitude)` };
  }
  return { ...wire(code), castFloat32: false };
}
