import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** The API (and the SAML floor) get one core; the load generator and Postgres the other. */
export type Core = 'server' | 'load';

export interface Pinning {
  enabled: boolean;
  serverCpu: number;
  loadCpu: number;
  reason: string;
}

export function detectPinning(): Pinning {
  const base = { serverCpu: 0, loadCpu: 1 };
  if (cpus().length < 2) {
    return { ...base, enabled: false, reason: 'fewer than 2 cores' };
  }
  const probe = spawnSync('taskset', ['-c', '1', 'true']);
  if (probe.error || probe.status !== 0) {
    return { ...base, enabled: false, reason: 'taskset is not available' };
  }
  return { ...base, enabled: true, reason: 'taskset' };
}
