import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core, Pinning } from './pinning';

export interface SpawnOptions {
  core: Core;
  logName: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A server meant to run until the bench stops it: an earlier exit is reported at once. */
  longLived?: boolean;
}

/**
 * Every process the bench starts, so that all of them end with it: on success, on failure and
 * on Ctrl+C. Each is ended by its own PID, never by name.
 */
export class ChildProcesses {
  private readonly children = new Set<ChildProcess>();
  private readonly stopRequested = new WeakSet<ChildProcess>();

  constructor(
    readonly pinning: Pinning,
    private readonly logDir: string,
  ) {}

  /** Starts `node script …args` on the given core; output goes to `<logDir>/<logName>.log`. */
  spawnNode(script: string, args: string[], options: SpawnOptions): ChildProcess {
    const command = [...this.pinPrefix(options.core), process.execPath, script, ...args];
    const child = spawn(command[0], command.slice(1), {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(this.logPath(options.logName), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.add(child);
    child.once('exit', (code, signal) => {
      this.children.delete(child);
      if (options.longLived && !this.stopRequested.has(child)) {
        const tail = this.logTail(options.logName);
        const how = signal ?? `code ${code}`;
        process.stderr.write(
          `[bench] ${options.logName} (pid ${child.pid}) exited (${how}):\n${tail}\n`,
        );
      }
    });
    return child;
  }

  /** Runs a script to completion, failing with the end of its log when it exits non-zero. */
  async runToEnd(script: string, args: string[], options: SpawnOptions): Promise<void> {
    const child = this.spawnNode(script, args, options);
    const code = await exitOf(child);
    if (code !== 0) {
      const how = child.signalCode ?? `code ${code}`;
      throw new Error(`${options.logName} exited (${how}):\n${this.logTail(options.logName)}`);
    }
  }

  /** Moves an already running process (every thread of it) to a core. */
  pin(pid: number, core: Core): void {
    if (!this.pinning.enabled) {
      return;
    }
    spawnSync('taskset', ['-a', '-p', '-c', String(this.cpuOf(core)), String(pid)]);
  }

  logTail(logName: string, lines = 30): string {
    try {
      return readFileSync(this.logPath(logName), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async stop(child: ChildProcess, graceMs = 5000): Promise<void> {
    await this.stopEach([child], graceMs);
  }

  async stopAll(graceMs = 5000): Promise<void> {
    await this.stopEach([...this.children], graceMs);
  }

  private async stopEach(running: ChildProcess[], graceMs: number): Promise<void> {
    running.forEach((child) => this.stopRequested.add(child));
    running.forEach((child) => signal(child, 'SIGTERM'));
    const timer = setTimeout(() => running.forEach((child) => signal(child, 'SIGKILL')), graceMs);
    await Promise.all(running.map(exitOf));
    clearTimeout(timer);
  }

  /** For `process.on('exit')`, where nothing asynchronous runs any more. */
  killAllNow(): void {
    this.children.forEach((child) => this.stopRequested.add(child));
    this.children.forEach((child) => signal(child, 'SIGKILL'));
  }

  private pinPrefix(core: Core): string[] {
    return this.pinning.enabled ? ['taskset', '-c', String(this.cpuOf(core))] : [];
  }

  private cpuOf(core: Core): number {
    return core === 'server' ? this.pinning.serverCpu : this.pinning.loadCpu;
  }

  private logPath(logName: string): string {
    return join(this.logDir, `${logName}.log`);
  }
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(child.pid, name);
  } catch {
    // Already gone between the check and the signal.
  }
}
