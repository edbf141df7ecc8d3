// The read model's one keyset pagination and one cursor codec. SCIM lists (startIndex and
// RFC 9865 cursors), the REST API's `after` cursors and the portal's tables all page by a
// position after the last row seen, never by OFFSET past the first thousand rows, so a page
// of a 100,000-user directory costs one index range scan wherever it is read from.
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "zod";
import { DirectoryError } from "./errors";

/** A page position after (createdAt, id), with createdAt in microseconds since the epoch. */
export type Keyset = { createdUs: string; id: string };

/** A microsecond timestamp as text: JavaScript Dates would drop the microseconds a keyset needs. */
export const microsSql = (column: SQLWrapper) => sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;

/** The timestamp of a microsecond value that microsSql produced. */
export const fromMicrosSql = (micros: string) => sql`(timestamptz 'epoch' + ${`${micros} microseconds`}::interval)`;

export function isMicros(value: string): boolean {
  return /^-?\d{1,20}$/.test(value);
}

/** Rows strictly after `after` in (createdAt, id) order: what the (…, created_at, id) indexes serve. */
export function keysetSql(createdAt: SQLWrapper, id: SQLWrapper, after: Keyset): SQL {
  return sql`(${createdAt}, ${id}) > (${fromMicrosSql(after.createdUs)}, ${after.id}::uuid)`;
}

/**
 * The total a page already proves, without counting: an offset page that came back short
 * ends the result set, so the total is its offset plus its length (a lookup such as
 * `userName eq "…"` — PingOne's and Entra's, before every create — then costs one query).
 * Undefined when a count is needed: a full page, an empty page past the start, or a cursor
 * page (rows before the cursor are unknown).
 */
export function totalFromShortPage(offset: number, pageLength: number, limit: number, isCursorPage: boolean): number | undefined {
  if (isCursorPage || limit <= 0 || pageLength >= limit) return undefined;
  if (pageLength === 0 && offset > 0) return undefined;
  return offset + pageLength;
}

// ---------------------------------------------------------------------------------------
// The cursor: opaque to clients (base64url of {v, id}: the sort key and the row's id, or
// for a multi-part key its parts joined by the caller), validated when read back.

const cursorSchema = z.object({ v: z.string().max(600), id: z.string().max(100) });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/** The cursor, or undefined for anything that is not one (the portal treats that as page one). */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw || raw.length > 1200) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cursor an API client sent back; invalid_cursor when it is not one we issued or
 * `isValid` rejects its parts (a cursor of another list), rather than a silent first page.
 */
export function parseCursor(raw: string, isValid: (cursor: Cursor) => boolean = () => true): Cursor {
  const cursor = decodeCursor(raw);
  if (!cursor || !isValid(cursor)) {
    throw new DirectoryError("invalid_cursor", "The cursor is not one this list issued. Start again without it.");
  }
  return cursor;
}

export type PageRequest = { after?: string | undefined; before?: string | undefined };
/** A page that can be walked both ways (the portal's tables). */
export type Page<T> = { rows: T[]; nextCursor?: string; prevCursor?: string };

/**
 * Turns a page fetched with LIMIT limit+1 into rows and cursors: the extra row only says
 * there is more. `before` pages were read in reverse order (to find the page before a
 * cursor) and are flipped back here.
 */
export function toPage<T>(fetched: T[], limit: number, request: PageRequest, cursorOf: (row: T) => Cursor): Page<T> {
  const isBackwards = Boolean(request.before) && !request.after;
  const hasMore = fetched.length > limit;
  const rows = hasMore ? fetched.slice(0, limit) : fetched;
  if (isBackwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const page: Page<T> = { rows };
  const hasNext = isBackwards ? Boolean(request.before) : hasMore;
  const hasPrev = isBackwards ? hasMore : Boolean(request.after);
  if (hasNext && last) page.nextCursor = encodeCursor(cursorOf(last));
  if (hasPrev && first) page.prevCursor = encodeCursor(cursorOf(first));
  return page;
}

/** A forward page: the rows and the cursor of the next page (null on the last one). */
export type CursorPage<T> = { rows: T[]; nextCursor: string | null };

export function forwardPage<T>(fetched: T[], limit: number, cursorOf: (row: T) => Cursor): CursorPage<T> {
  const page = toPage(fetched, limit, {}, cursorOf);
  return { rows: page.rows, nextCursor: page.nextCursor ?? null };
}
