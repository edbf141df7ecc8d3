// List and search parameters (RFC 7644 §3.4.2, §3.4.3), cursor pagination (RFC 9865) and
// the ListResponse message.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ScimError, badRequest } from "./errors";
import { LIST_RESPONSE_SCHEMA, SEARCH_REQUEST_SCHEMA } from "./schema";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** RFC 9865 `cursorTimeout`, seconds: how long a cursor we hand out stays valid. */
export const CURSOR_TIMEOUT_SECONDS = 3600;

export type SortOrder = "ascending" | "descending";

export type ListParams = {
  filter?: string;
  /** 1-based (RFC 7644 §3.4.2.4); values below 1 are read as 1. */
  startIndex: number;
  count: number;
  /** Whether the client gave `count`; RFC 9865 lets a server treat count=0 and no count differently. */
  countGiven: boolean;
  sortBy?: string;
  sortOrder: SortOrder;
  attributes: string[];
  excludedAttributes: string[];
  /** RFC 9865: present ("" included) means cursor pagination; "" asks for the first page. */
  cursor?: string;
};

type Raw = { get(name: string): unknown; has(name: string): boolean };

/** Case-insensitive parameter access: `startindex`, `Count` (cheap leniency for clients). */
function rawParams(input: URLSearchParams | Record<string, unknown>): Raw {
  const map = new Map<string, unknown>();
  const put = (k: string, v: unknown) => {
    const lower = k.toLowerCase();
    // The first occurrence wins, like URLSearchParams.get.
    if (!map.has(lower)) map.set(lower, v);
  };
  if (input instanceof URLSearchParams) {
    for (const [k, v] of input) put(k, v);
  } else {
    for (const [k, v] of Object.entries(input)) put(k, v);
  }
  return { get: (n) => map.get(n.toLowerCase()), has: (n) => map.has(n.toLowerCase()) };
}

function parseInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*[+-]?\d{1,15}\s*$/.test(value)) return Number(value.trim());
  throw badRequest("invalidValue", `"${name}" must be an integer.`);
}

/**
 * A comma-separated attribute list (RFC 7644 §3.4.2.5), where a value filter may hold commas
 * inside brackets or quotes: `emails[value co ","],userName` is two entries.
 */
export function splitAttributeList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

function parseList(name: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((p) => {
    if (typeof p !== "string") throw badRequest("invalidValue", `"${name}" must be a list of attribute names.`);
    // Query strings carry a comma-separated list (RFC 7644 §3.4.2.5); tolerate it in bodies too.
    return splitAttributeList(p);
  });
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw badRequest("invalidValue", `"${name}" must be a string.`);
  return value;
}

/**
 * Query parameters of GET /Users, /Groups, or the body of POST …/.search (RFC 7644 §3.4.3).
 */
export function parseListParams(input: URLSearchParams | Record<string, unknown>): ListParams {
  const raw = rawParams(input);

  if (!(input instanceof URLSearchParams) && raw.has("schemas")) {
    const schemas = raw.get("schemas");
    const ok =
      Array.isArray(schemas) &&
      schemas.some((s) => typeof s === "string" && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase());
    // A missing `schemas` is tolerated; a wrong one is another message sent to the wrong place.
    if (!ok) throw badRequest("invalidSyntax", `"schemas" must contain ${SEARCH_REQUEST_SCHEMA}.`);
  }

  const filter = optionalString("filter", raw.get("filter"));
  const startIndex = parseInteger("startIndex", raw.get("startIndex"));
  const count = parseInteger("count", raw.get("count"));
  const sortBy = optionalString("sortBy", raw.get("sortBy"));
  const sortOrderRaw = optionalString("sortOrder", raw.get("sortOrder"));
  const cursor = raw.has("cursor") ? (optionalString("cursor", raw.get("cursor")) ?? "") : undefined;

  let sortOrder: SortOrder = "ascending";
  if (sortOrderRaw !== undefined && sortOrderRaw.trim() !== "") {
    const s = sortOrderRaw.trim().toLowerCase();
    if (s === "descending" || s === "desc") sortOrder = "descending";
    else if (s !== "ascending" && s !== "asc") {
      throw badRequest("invalidValue", '"sortOrder" must be "ascending" or "descending".');
    }
  }

  // RFC 9865 §2: index and cursor pagination are exclusive. A client that sends the harmless
  // startIndex=1 alongside a cursor is tolerated; anything else is ambiguous.
  if (cursor !== undefined && startIndex !== undefined && startIndex > 1) {
    throw badRequest("invalidValue", '"startIndex" and "cursor" cannot be combined.');
  }

  const params: ListParams = {
    startIndex: Math.max(1, startIndex ?? 1),
    // RFC 7644 §3.4.2.4: a negative count is read as 0; more than we serve is clamped.
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count ?? DEFAULT_PAGE_SIZE)),
    countGiven: count !== undefined,
    sortOrder,
    attributes: parseList("attributes", raw.get("attributes")),
    excludedAttributes: parseList("excludedAttributes", raw.get("excludedAttributes")),
  };
  if (filter !== undefined && filter.trim() !== "") params.filter = filter;
  if (sortBy !== undefined && sortBy.trim() !== "") params.sortBy = sortBy.trim();
  if (cursor !== undefined) params.cursor = cursor;
  return params;
}

// ---------------------------------------------------------------------------------------
// Cursors (RFC 9865)

export type CursorPayload = {
  /** The last row's sort value (for the default order, its created timestamp, ISO). */
  sortKey: string;
  /** The last row's id: the tie-breaker that makes keyset pagination stable. */
  id: string;
  /** Which way the page continues: after (`next`) or before (`previous`) the key. */
  dir?: "next" | "previous";
  /**
   * A fingerprint of the query (filter, sortBy, sortOrder) the cursor belongs to, so that a
   * cursor replayed against a different query is refused instead of skipping rows.
   */
  query?: string;
};

type SignedPayload = CursorPayload & { iat: number };

const b64url = (buf: Buffer) => buf.toString("base64url");

function sign(body: string, secret: string): string {
  return b64url(createHmac("sha256", secret).update(body).digest());
}

/**
 * An opaque cursor: base64url(JSON payload) "." base64url(HMAC-SHA256). The caller passes a
 * secret bound to the directory, so a cursor from one tenant is useless in another. Keyset
 * semantics: the cursor names the last row seen, never an offset, so inserts and deletes
 * between pages neither repeat nor skip rows.
 */
export function encodeCursor(payload: CursorPayload, secret: string, now: Date = new Date()): string {
  const signed: SignedPayload = { ...payload, iat: Math.floor(now.getTime() / 1000) };
  const body = b64url(Buffer.from(JSON.stringify(signed), "utf8"));
  return `${body}.${sign(body, secret)}`;
}

export type DecodeCursorOptions = {
  now?: Date;
  /** Seconds; defaults to CURSOR_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
  /** When given, the cursor must have been issued for this query fingerprint. */
  query?: string;
};

const invalidCursor = (detail: string) => new ScimError(400, "invalidCursor", detail);

export function decodeCursor(cursor: string, secret: string, opts: DecodeCursorOptions = {}): CursorPayload {
  const dot = cursor.indexOf(".");
  if (dot <= 0 || cursor.length > 2048) throw invalidCursor("The cursor is not one this server issued.");
  const body = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1), "base64url");
  const expected = Buffer.from(sign(body, secret), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidCursor("The cursor is not one this server issued, or it was altered.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("The cursor is malformed.");
  }
  const p = parsed as Partial<SignedPayload> | null;
  if (!p || typeof p.sortKey !== "string" || typeof p.id !== "string" || typeof p.iat !== "number") {
    throw invalidCursor("The cursor is malformed.");
  }
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (now - p.iat > (opts.timeoutSeconds ?? CURSOR_TIMEOUT_SECONDS)) {
    throw new ScimError(400, "expiredCursor", "The cursor has expired; start again without a cursor.");
  }
  if (opts.query !== undefined && p.query !== opts.query) {
    throw invalidCursor("The cursor belongs to a different filter or sort order.");
  }
  const out: CursorPayload = { sortKey: p.sortKey, id: p.id };
  if (p.dir === "next" || p.dir === "previous") out.dir = p.dir;
  if (typeof p.query === "string") out.query = p.query;
  return out;
}

// ---------------------------------------------------------------------------------------
// ListResponse

export type ListResponse<T> = {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  previousCursor?: string;
  Resources: T[];
};

/**
 * RFC 7644 §3.4.2 (and RFC 9865 §2 for the cursors). `Resources` is always present, even when
 * empty: Okta and Entra read it unconditionally, and the RFC allows an empty array.
 */
export function listResponse<T>(input: {
  resources: T[];
  totalResults: number;
  startIndex?: number;
  itemsPerPage?: number;
  nextCursor?: string;
  previousCursor?: string;
}): ListResponse<T> {
  const out: ListResponse<T> = {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: input.totalResults,
    itemsPerPage: input.itemsPerPage ?? input.resources.length,
    ...(input.startIndex !== undefined ? { startIndex: input.startIndex } : {}),
    ...(input.nextCursor !== undefined ? { nextCursor: input.nextCursor } : {}),
    ...(input.previousCursor !== undefined ? { previousCursor: input.previousCursor } : {}),
    Resources: input.resources,
  };
  return out;
}
