import { readFileSync } from 'node:fs';

const SAMPLE_EVERY_MS = 100;

export interface RssMark {
  phase: string;
  mb: number;
}

/**
 * The API's resident memory, read from /proc/<pid>/status (VmRSS). Sampled while load runs, to
 * find the peak, and marked after each phase, so a reader can see whether it stays flat.
 */
export class RssMonitor {
  readonly marks: RssMark[] = [];
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pid: number) {}

  readMb(): number {
    return statusFieldMb(this.pid, 'VmRSS');
  }

  /** The kernel's own high-water mark, which also sees peaks between two samples. */
  highWaterMb(): number {
    return statusFieldMb(this.pid, 'VmHWM');
  }

  startSampling(): void {
    this.timer = setInterval(() => {
      try {
        this.peak = Math.max(this.peak, this.readMb());
      } catch {
        // The process is gone; the case that needed it fails and says why.
        this.stopSampling();
      }
    }, SAMPLE_EVERY_MS);
  }

  stopSampling(): void {
    clearInterval(this.timer);
  }

  mark(phase: string): void {
    const mb = this.readMb();
    this.peak = Math.max(this.peak, mb);
    this.marks.push({ phase, mb });
  }

  peakMb(): number {
    return this.peak;
  }
}

function statusFieldMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) {
    throw new Error(`/proc/${pid}/status has no ${field}`);
  }
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}
