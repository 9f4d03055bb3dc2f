/**
 * Runs `task` with the global `Date` answering `instant` wherever it is asked for the current
 * time (`new Date()`, `Date.now()`, `Date()`), and restores the real one afterwards. node-saml
 * reads the clock itself and takes no "now" option, so checking a response captured earlier at
 * the instant it was issued means changing what that clock says. This is for a short-lived
 * command; a server handling other requests meanwhile must never do it.
 */
export async function atInstant<T>(instant: Date | null, task: () => Promise<T>): Promise<T> {
  if (instant === null) {
    return task();
  }
  const RealDate = globalThis.Date;
  const pinnedMs = instant.getTime();

  globalThis.Date = new Proxy(RealDate, {
    // Reflect.construct is typed `any`; constructing through Date's target gives a Date.
    construct: (target, args: unknown[], newTarget): Date =>
      Reflect.construct(target, args.length === 0 ? [pinnedMs] : args, newTarget) as Date,
    apply: () => new RealDate(pinnedMs).toString(),
    get: (target, property, receiver): unknown =>
      property === 'now' ? () => pinnedMs : Reflect.get(target, property, receiver),
  });
  try {
    return await task();
  } finally {
    globalThis.Date = RealDate;
  }
}
