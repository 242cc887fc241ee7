// Self-test fixture: a suite that passes and leaves nothing behind. The launcher must exit 0.
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('harness self-test: a clean suite', () => {
  it('passes', async () => {
    await pause(50);
  });

  it('passes again', () => undefined);
});
