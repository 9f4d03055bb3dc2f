import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit trail needs to know about the HTTP request being served. */
export interface RequestContext {
  requestId: string;
  clientIp: string | null;
}

/**
 * Carries the request id and client address to code that never sees the request (the auth
 * services), without threading them through every call.
 */
const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `next` (and everything it continues into) with `context` as the current request. */
export function runInRequestContext<T>(context: RequestContext, next: () => T): T {
  return storage.run(context, next);
}

/** The request being served, or undefined outside one (a scheduled job, a test). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
