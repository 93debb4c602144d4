import { Poller } from './poller';

/** A pass that ends when the test says so. */
function gatedPass() {
  const calls: Array<() => void> = [];
  const pass = jest.fn(() => new Promise<void>((resolve) => calls.push(resolve)));
  return { pass, finishNext: () => calls.shift()!() };
}

describe(Poller.name, () => {
  it('should never run two passes at once: a run while one is in hand joins it', async () => {
    const { pass, finishNext } = gatedPass();
    const poller = new Poller('test sweep', pass, { error: jest.fn() });

    const first = poller.run();
    const second = poller.run();
    await Promise.resolve();
    expect(pass).toHaveBeenCalledTimes(1);
    finishNext();
    await Promise.all([first, second]);

    void poller.run();
    await Promise.resolve();
    expect(pass).toHaveBeenCalledTimes(2);
    finishNext();
  });

  it('should log a failed pass with its name and run the next one', async () => {
    const error = jest.fn();
    const pass = jest.fn().mockRejectedValueOnce(new Error('database went away')).mockResolvedValue(undefined);
    const poller = new Poller('test sweep', pass, { error });

    await expect(poller.run()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith('test sweep failed, will retry: database went away');
    await poller.run();
    expect(pass).toHaveBeenCalledTimes(2);
  });

  it('should wait on stop for the pass in hand, then run no more', async () => {
    const { pass, finishNext } = gatedPass();
    const poller = new Poller('test sweep', pass, { error: jest.fn() });
    void poller.run();
    await Promise.resolve();

    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(poller.stopped).toBe(true);
    expect(stopped).toBe(false);
    finishNext();
    await stopping;

    await poller.run();
    expect(pass).toHaveBeenCalledTimes(1);
  });

  describe('started', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('should run at once when asked, then on every interval until stopped', async () => {
      const pass = jest.fn().mockResolvedValue(undefined);
      const poller = new Poller('test sweep', pass, { error: jest.fn() });

      poller.start(1_000, { immediately: true });
      await jest.advanceTimersByTimeAsync(0);
      expect(pass).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(2_000);
      expect(pass).toHaveBeenCalledTimes(3);

      await poller.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(pass).toHaveBeenCalledTimes(3);
    });
  });
});
