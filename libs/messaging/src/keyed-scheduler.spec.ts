import { KeyedScheduler } from './keyed-scheduler';

/** A task per item that ends when the test says so; records the order tasks start in. */
function harness(concurrency: number) {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const scheduler = new KeyedScheduler<string>(concurrency, (item) => {
    started.push(item);
    return new Promise<void>((resolve) => finish.set(item, resolve));
  });
  const end = async (item: string) => {
    finish.get(item)!();
    // Let the scheduler's settle handlers run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { scheduler, started, end };
}

describe(KeyedScheduler.name, () => {
  it("should let another key's task go before a busy key's backlog", async () => {
    const { scheduler, started, end } = harness(1);
    for (const item of ['a1', 'a2', 'a3']) scheduler.add('a', item);
    scheduler.add('b', 'b1');
    expect(started).toEqual(['a1']);

    await end('a1');
    expect(started).toEqual(['a1', 'b1']);
    await end('b1');
    await end('a2');
    expect(started).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it("should run one key's tasks one after another, in order, while other keys use the free slots", async () => {
    const { scheduler, started, end } = harness(3);
    for (const item of ['a1', 'a2']) scheduler.add('a', item);
    scheduler.add('b', 'b1');
    scheduler.add('c', 'c1');
    expect(started).toEqual(['a1', 'b1', 'c1']);
    expect(scheduler.active).toBe(3);

    await end('b1');
    expect(started).toEqual(['a1', 'b1', 'c1']); // a2 waits for a1, whatever slot is free
    await end('a1');
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('should report saturation only when a task that could start has no slot', async () => {
    const { scheduler, end } = harness(1);
    scheduler.add('a', 'a1');
    scheduler.add('a', 'a2');
    expect(scheduler.saturated).toBe(false); // a2 waits for its key, not for a slot
    scheduler.add('b', 'b1');
    expect(scheduler.saturated).toBe(true);

    const freed = scheduler.whenSlotFrees();
    await end('a1');
    await expect(freed).resolves.toBeUndefined();
  });

  it('should hand back the tasks that never started when drained, after the running ones end', async () => {
    const { scheduler, end } = harness(1);
    for (const item of ['a1', 'a2']) scheduler.add('a', item);
    scheduler.add('b', 'b1');
    let drained: string[] | undefined;
    const draining = scheduler.drain().then((items) => (drained = items));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBeUndefined();

    await end('a1');
    await draining;
    expect(drained!.sort()).toEqual(['a2', 'b1']);
  });
});
