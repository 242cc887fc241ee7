// The web test bundle's `process.env` (scripts/build.mjs defines `process.env` as this object: the browser's
// extension host has no `process`). Empty until the entry (index.ts) fills it from the harness's env.json. Imported
// first, so it exists before any other module of the bundle runs.
const scope = globalThis as { __poolingLensEnv?: Record<string, string | undefined> };
scope.__poolingLensEnv ??= {};

export const testEnv = scope.__poolingLensEnv;
