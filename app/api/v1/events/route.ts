// GET /api/v1/events?after=&limit=&types=&organizationId=&directoryId= — the events feed:
// every change, in commit-safe order (lib/events/reader.ts), with a cursor to poll forever.
import { apiRoute } from "@/lib/api/route";
import { eventOperations as ops } from "@/lib/api/schemas/events";
import { runInBackground } from "@/lib/background";
import { env } from "@/lib/env";
import { eventObject } from "@/lib/events/envelope";
import { checkRetention, decodeFeedCursor, encodeFeedCursor, readEventsAfter } from "@/lib/events/reader";
import { pruneEventsPeriodically } from "@/lib/events/retention";

export const GET = apiRoute(ops.feed, async ({ db, query }) => {
  const after = query.after ? decodeFeedCursor(query.after) : undefined;
  if (after) checkRetention(after, Math.floor(Date.now() / 1000), env().eventRetentionDays);
  const read = await readEventsAfter(
    db,
    after,
    { organizationId: query.organizationId, directoryId: query.directoryId, types: query.types },
    query.limit,
  );
  void runInBackground("event retention", () => pruneEventsPeriodically(db));
  return { data: read.events.map(eventObject), nextCursor: encodeFeedCursor(read.next), hasMore: read.hasMore };
});
