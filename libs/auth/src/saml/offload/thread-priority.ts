import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * How much lower than the event loop a validation thread runs (a nice value, 0–19). At 10 the
 * kernel gives the event loop about ten times the CPU share of a busy validation thread, so
 * a burst of logins on a busy core slows other logins, not every guarded request.
 */
export const VALIDATION_THREAD_NICENESS = 10;

/**
 * Lowers the calling thread's CPU priority. Linux schedules threads on their own, and
 * `setpriority` on a thread id changes that thread only; `/proc/thread-self` names it. Where
 * either is missing (another OS, a locked-down container) the thread keeps its priority:
 * validation still works, only the scheduling preference is lost.
 */
export function lowerThreadPriority(niceness = VALIDATION_THREAD_NICENESS): boolean {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0) {
      return false;
    }
    setPriority(threadId, niceness);
    return true;
  } catch {
    return false;
  }
}
