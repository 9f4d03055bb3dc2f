import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { round } from './figures';

/** CPU seconds of the whole machine and of the bench's process tree during the run. */
export interface CpuUse {
  wallSeconds: number;
  benchCpuSeconds: number;
  /** Used by processes outside the bench: a builder or a test run sharing the machine. */
  otherCpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString()) || 100;

/**
 * Tells how much of the machine other work took while the bench ran: process time from
 * /proc/stat minus the bench's own process tree. Children's times are folded into the bench's
 * own counters once they have exited, which is why `finish` is called after every child stops.
 */
export class CpuAccounting {
  private readonly startedAt = Date.now();
  private readonly machineAtStart = machineBusySeconds();
  private readonly ownAtStart = ownTreeSeconds();

  finish(): CpuUse {
    const benchCpuSeconds = ownTreeSeconds() - this.ownAtStart;
    const machineCpuSeconds = machineBusySeconds() - this.machineAtStart;
    return {
      wallSeconds: round((Date.now() - this.startedAt) / 1000, 1),
      benchCpuSeconds: round(benchCpuSeconds, 1),
      otherCpuSeconds: round(Math.max(0, machineCpuSeconds - benchCpuSeconds), 1),
    };
  }
}

/** Share of all cores busy over `ms`, before the bench starts anything of its own. */
export async function machineBusyShare(ms: number, cores: number): Promise<number> {
  const before = machineBusySeconds();
  await new Promise((resolve) => setTimeout(resolve, ms));
  // Clock ticks are coarse: a fully busy machine can read a little over 100%.
  return Math.min(1, (machineBusySeconds() - before) / ((ms / 1000) * cores));
}

/**
 * proc(5): the "cpu" line of /proc/stat. Only time spent in processes counts: interrupt time is
 * mostly the bench's own loopback traffic, which the kernel charges to no process.
 */
function machineBusySeconds(): number {
  const [, user, nice, system] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system) / CLOCK_TICKS_PER_SECOND;
}

/** proc(5): utime, stime, cutime and cstime of /proc/self/stat (fields 14 to 17). */
function ownTreeSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is the first after the command name, so field N sits at index N - 3.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + cutime + cstime) / CLOCK_TICKS_PER_SECOND;
}
