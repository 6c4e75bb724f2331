/**
 * Calls `onIdle` once no {@link IdleWatch.touch} happened for `timeoutMs` while armed. A touch costs
 * one assignment (called per stream chunk); the one timer re-schedules itself for the time left.
 * The timer is unref'd: it never keeps the process alive.
 */
export class IdleWatch {
  private lastActivity = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
    /** Activity that does not touch the watch (a tool still running): asked before calling `onIdle`. */
    private readonly isBusy: () => boolean = () => false,
  ) {}

  /** Starts watching (again); a timeout of 0 or less never fires. */
  arm(): void {
    this.touch();
    if (this.timer !== undefined || !(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) return;
    this.schedule(this.timeoutMs);
  }

  touch(): void {
    this.lastActivity = performance.now();
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const idleFor = performance.now() - this.lastActivity;
      if (this.isBusy()) this.arm();
      else if (idleFor >= this.timeoutMs) this.onIdle();
      else this.schedule(this.timeoutMs - idleFor);
    }, delayMs);
    this.timer.unref?.();
  }
}
