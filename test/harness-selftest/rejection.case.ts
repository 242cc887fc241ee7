// Self-test fixture: every test passes, but one leaves a rejected promise nobody handles. The
// launcher must fail the run and name the rejection.
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('harness self-test: a stray rejection', () => {
  it('drops a rejected promise and passes', () => {
    void Promise.reject(new Error('deliberate unhandled rejection from the harness self-test'));
  });

  it('passes afterwards', async () => {
    await pause(100);
  });
});
