// Work that must not hold up a response (request log writes, token last-used stamps).
// Every task is tracked so that a caller who needs it finished — a route handler
// registering it with Next's `after()`, a test reading the request log, a CLI about to
// close the database — can wait for it. A failed task is logged and swallowed: it must
// never turn a good answer into an error.

const pending = new Set<Promise<void>>();

export function runInBackground(label: string, task: () => Promise<unknown>): Promise<void> {
  const tracked: Promise<void> = task()
    .then(() => undefined)
    .catch((error: unknown) => {
      console.error(`[roster] background task "${label}" failed:`, error instanceof Error ? error.message : error);
    })
    .finally(() => {
      pending.delete(tracked);
    });
  pending.add(tracked);
  return tracked;
}

/** Resolves once every task started so far (and any they start) has settled. */
export async function settleBackground(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
