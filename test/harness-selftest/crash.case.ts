// Self-test fixture: the extension host dies from a signal in the middle of a test, as it does on a
// V8 fatal error. The workbench still reports exit code 0; the launcher must fail the run.
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('harness self-test: a host that dies', () => {
  it('passes before the crash', () => undefined);

  it('kills its own extension host with SIGTRAP', async () => {
    await pause(100);
    process.kill(process.pid, 'SIGTRAP');
    await pause(10_000);
  });

  it('would pass after the crash', () => undefined);
});
