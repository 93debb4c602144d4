import type { LoggerService } from '@nestjs/common';

/**
 * A replica's periodic job (sweeps, schedules): runs `pass` every interval, never two at once
 * (a slow pass is not overlapped by the next tick), logs a failure and tries again at the next
 * tick, and on `stop()` waits for the pass in hand. What a pass does must be safe beside the
 * same pass on other replicas: that is the caller's part (claims, FOR UPDATE SKIP LOCKED).
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Pick<LoggerService, 'error'>,
  ) {}

  /** True once `stop()` was called: a pass that loops over batches ends at the next one. */
  get stopped(): boolean {
    return this.stopping;
  }

  /** Every `intervalMs`, and at once when `immediately` (a replica catching up after a restart). */
  start(intervalMs: number, { immediately = false } = {}): void {
    this.timer = setInterval(() => void this.run(), intervalMs);
    // The timer alone never keeps a process alive: the server does.
    this.timer.unref();
    if (immediately) void this.run();
  }

  /** One pass now, or the one already running. */
  run(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.running ??= Promise.resolve()
      .then(this.pass)
      .then(
        () => undefined,
        (error: Error) => this.logger.error(`${this.name} failed, will retry: ${error.message}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }
}
