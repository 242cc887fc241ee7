// `node:assert/strict` for the browser's web-worker extension host, which has no Node built-ins: the part the
// integration suites use (ok, equal, notEqual, deepEqual, match, doesNotMatch, rejects), with the same strict
// meaning (SameValue for primitives, so NaN equals NaN and 0 differs from -0; arrays, typed arrays and plain objects
// compared member by member). The web test bundle maps `node:assert/strict` here (scripts/build.mjs).

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function fail(message: string | undefined, fallback: string): never {
  throw new AssertionError(message ?? fallback);
}

function show(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : ArrayBuffer.isView(v) ? `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length})` : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function sameMembers(a: object, b: object): boolean {
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!isDeepStrictEqual(x[i], y[i])) return false;
    if (ArrayBuffer.isView(a)) return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameMembers(a, b);
}

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function notEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(text: string, re: RegExp, message?: string): void {
  if (typeof text !== 'string' || !re.test(text)) fail(message, `expected ${show(text)} to match ${String(re)}`);
}

export function doesNotMatch(text: string, re: RegExp, message?: string): void {
  if (typeof text !== 'string' || re.test(text)) fail(message, `expected ${show(text)} not to match ${String(re)}`);
}

export async function rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: RegExp | ((e: unknown) => boolean), message?: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (expected instanceof RegExp && !expected.test(text)) fail(message, `the rejection ${show(text)} does not match ${String(expected)}`);
    if (typeof expected === 'function' && !expected(e)) fail(message, `the rejection ${show(text)} is not the one expected`);
    return;
  }
  fail(message, 'expected a rejection');
}
