// GET /api/v1/events?after=&limit=&types=&organizationId=&directoryId= — the events feed:
// every change, in commit-safe order (lib/events/reader.ts), with a cursor to poll forever.
import { z } from "zod";
import { EVENT_TYPES } from "@/db/schema";
import { apiHandler, queryParams } from "@/lib/api/http";
import { env } from "@/lib/env";
import { eventObject } from "@/lib/events/envelope";
import { checkRetention, decodeFeedCursor, encodeFeedCursor, readEventsAfter } from "@/lib/events/reader";
import { pruneEventsPeriodically } from "@/lib/events/retention";
import { runInBackground } from "@/lib/background";

const feedQuery = z.object({
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  types: z
    .string()
    .transform((v) => v.split(",").map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.enum(EVENT_TYPES)))
    .optional(),
  organizationId: z.uuid().optional(),
  directoryId: z.uuid().optional(),
});

export const GET = apiHandler(async (request, { db }) => {
  const query = queryParams(request, feedQuery);
  const after = query.after ? decodeFeedCursor(query.after) : undefined;
  if (after) checkRetention(after, Math.floor(Date.now() / 1000), env().eventRetentionDays);
  const read = await readEventsAfter(
    db,
    after,
    { organizationId: query.organizationId, directoryId: query.directoryId, types: query.types },
    query.limit,
  );
  void runInBackground("event retention", () => pruneEventsPeriodically(db));
  return Response.json(
    { data: read.events.map(eventObject), nextCursor: encodeFeedCursor(read.next), hasMore: read.hasMore },
    { headers: { "cache-control": "no-store" } },
  );
});
