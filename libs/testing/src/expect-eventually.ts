import { setTimeout as sleep } from 'node:timers/promises';

/** Retries an assertion until it passes or the time runs out; the last failure is rethrown. */
export async function expectEventually<T>(assertion: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await sleep(intervalMs);
    }
  }
}
