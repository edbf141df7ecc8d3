// Schemas every resource shares: the error body, cursor pages, and the pagination query.
import { z } from "zod";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, machine-readable: unauthorized, invalid_request, invalid_json, not_found, conflict, invalid_cursor, cursor_expired, …" }),
      message: z.string().meta({ description: "For people; may change." }),
      details: z.unknown().optional().meta({ description: "For invalid_request: the invalid fields as [{path, message}]." }),
    }),
  })
  .meta({ id: "Error" });

/** `{"data": [...], "nextCursor": ...}`: pass nextCursor back as `after` until it is null. */
export function cursorPage<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "The `after` of the next page; null on the last page." }),
  });
}

export const PAGE_LIMIT_MAX = 500;

export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT_MAX)
    .default(100)
    .meta({ description: `Page size, 1–${PAGE_LIMIT_MAX} (default 100).` }),
  after: z.string().min(1).max(1200).optional().meta({ description: "The nextCursor of the previous page." }),
});

/** An id in a path. Any string: a malformed id is answered like an unknown one, 404. */
export const pathId = z.string().max(200);

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(["true", "false"]).transform((v) => v === "true");

export const timestamp = z.iso.datetime({ offset: true });
