/**
 * Runs tasks at most `concurrency` at once, one key's tasks one after another in arrival order,
 * and fair across keys: a task waiting behind its own key holds no slot, and a key whose task
 * ends goes to the back of the line for its next one. So one user's burst of messages takes one
 * slot at a time while everybody else's first message starts as soon as any slot frees.
 */
export class KeyedScheduler<T> {
  /** Tasks whose key is free, in the order they may start. */
  private readonly ready: Array<{ key: string; item: T }> = [];
  /** Keys with a task running or ready, each with what waits behind it. */
  private readonly waiting = new Map<string, T[]>();
  private running = 0;
  private readonly idle = new Set<() => void>();
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly concurrency: number,
    private readonly run: (item: T) => Promise<void>,
  ) {}

  /** How many tasks run now. */
  get active(): number {
    return this.running;
  }

  /** True while a task could start at once (its key is free) but has no slot. */
  get saturated(): boolean {
    return this.ready.length > 0;
  }

  add(key: string, item: T): void {
    const behind = this.waiting.get(key);
    if (behind) {
      behind.push(item);
      return;
    }
    this.waiting.set(key, []);
    this.ready.push({ key, item });
    this.pump();
  }

  /** Resolves once a task ends (or at once when nothing is saturated). */
  async whenSlotFrees(): Promise<void> {
    if (!this.saturated) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  /** Waits for the running tasks; returns the tasks that never started, in no particular order. */
  async drain(): Promise<T[]> {
    const pending = [...this.ready.map(({ item }) => item), ...[...this.waiting.values()].flat()];
    this.ready.length = 0;
    this.waiting.clear();
    await Promise.all(this.settled);
    return pending;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length) {
      const { key, item } = this.ready.shift()!;
      this.running++;
      const done: Promise<void> = this.run(item)
        .catch(() => undefined) // `run` settles its own failures; a throw must not stop the line
        .finally(() => {
          this.running--;
          this.settled.delete(done);
          this.next(key);
          this.pump();
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        });
      this.settled.add(done);
    }
  }

  private next(key: string): void {
    const behind = this.waiting.get(key);
    if (!behind) return; // drained meanwhile
    const item = behind.shift();
    if (item === undefined) this.waiting.delete(key);
    else this.ready.push({ key, item });
  }
}
