// Self-test fixture: a test ends the extension host process "cleanly" (exit code 0) in the middle of
// the run. No signal, no error code, but the suite never finished: the launcher must fail the run.
describe('harness self-test: a host that exits early', () => {
  it('calls process.exit(0)', () => {
    process.exit(0);
  });

  it('would pass after the exit', () => undefined);
});
