// The SCIM request log: what a provider really sent and what we answered, per directory,
// so that an admin (and we) can see why PingOne's Test Connection failed. Written after
// the response is computed, in the background: a log write never delays or fails a
// provisioning request. Bodies are capped and secrets masked; the Authorization header is
// never passed in, so it can never be stored.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { type ScimRequest, scimRequests } from "@/db/schema";
import { env } from "@/lib/env";

export const MAX_LOGGED_BODY_BYTES = 16 * 1024;
/** Rows kept per directory regardless of age: enough to see a full resync's tail. */
export const MAX_LOG_ROWS_PER_DIRECTORY = 5000;
/** How often one process prunes one directory's log (not on every request). */
const PRUNE_INTERVAL_MS = 10 * 60_000;

// Keys whose values are secrets: `password` (Okta sends it on create), and anything that
// looks like a credential a custom mapping might carry.
const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|credential|api[-_]?key|private[-_]?key|^authorization$/i;
const MASK = "********";

export type RequestLogEntry = {
  directoryId: string;
  requestId: string;
  method: string;
  path: string;
  query: string | null;
  status: number;
  durationMs: number;
  userAgent: string | null;
  requestBody: string | null;
  responseBody: string | null;
  errorDetail: string | null;
};

function maskValue(value: unknown, depth = 0): unknown {
  if (depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== "" ? MASK : maskValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Cuts a string to at most `maxBytes` of UTF-8, saying so within the budget (so it is idempotent). */
export function capText(text: string, maxBytes = MAX_LOGGED_BODY_BYTES): string {
  const size = Buffer.byteLength(text, "utf8");
  if (size <= maxBytes) return text;
  const note = `… [truncated, ${size} bytes in all]`;
  // No character is less than one byte: the first maxBytes characters hold the cut (a 10 MB
  // group answer is not copied whole to keep 16 KiB of it).
  const cut = Buffer.from(text.slice(0, maxBytes), "utf8")
    .subarray(0, Math.max(0, maxBytes - Buffer.byteLength(note, "utf8")))
    .toString("utf8")
    .replace(/\uFFFD+$/, "");
  return cut + note;
}

/**
 * A request body as it may be stored: JSON with secret-looking keys masked, then capped.
 * Text that is not JSON gets `"password": "…"`-like pairs masked by pattern.
 */
export function redactBody(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  // Parsing very large bodies only to cut them again is wasted work: mask the prefix.
  if (raw.length <= 4 * MAX_LOGGED_BODY_BYTES) {
    try {
      return capText(JSON.stringify(maskValue(JSON.parse(raw) as unknown)));
    } catch {
      // Not JSON: fall through to the pattern.
    }
  }
  const prefix = raw.slice(0, MAX_LOGGED_BODY_BYTES * 2);
  const masked = prefix.replace(
    /("[^"]*(?:pass(?:word|wd|phrase)?|secret|token|credential|api[-_]?key)[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/gi,
    `$1"${MASK}"`,
  );
  return capText(masked + (raw.length > prefix.length ? "…" : ""));
}

/**
 * Text as a Postgres text column can hold it: U+0000 written as the escape "\u0000" and
 * lone surrogates as U+FFFD. A refused request is logged too, and what made it refused
 * (a NUL in a body that is not JSON, a lone surrogate) must not make the log write fail.
 */
export function storableText(text: string): string {
  return text
    .replace(/\u0000/g, "\\u0000")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

// Roster's own secrets carry recognisable prefixes (SCIM tokens, API keys, portal links and
// sessions, OAuth client secrets and access tokens): wherever one appears — a token pasted
// into an attribute, an `?access_token=` some clients send, an echo in an error — only its
// prefix is kept.
const KNOWN_SECRET = /\b(rst_(?:scim|key|pl|ps|secret|at)_)[A-Za-z0-9_-]+/g;

export function maskKnownSecrets(text: string): string {
  return text.replace(KNOWN_SECRET, `$1${MASK}`);
}

/** A query string with the values of secret-looking parameters masked (`access_token=…`). */
export function redactQuery(query: string | null): string | null {
  if (!query) return query;
  return query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // Malformed: judge the raw name.
      }
      return SECRET_KEY.test(name) ? `${pair.slice(0, eq)}=${MASK}` : pair;
    })
    .join("&");
}

const storable = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : storableText(maskKnownSecrets(text));

const lastPrunedAt = new Map<string, number>();

/** The row an entry becomes: masked, capped and storable (see storableText). */
function logRow(entry: RequestLogEntry) {
  return {
    directory_id: entry.directoryId,
    request_id: entry.requestId,
    method: entry.method,
    path: storable(entry.path),
    query: storable(redactQuery(entry.query)),
    status: entry.status,
    duration_ms: Math.max(0, Math.round(entry.durationMs)),
    user_agent: storable(entry.userAgent?.slice(0, 512)),
    request_body: storable(entry.requestBody),
    response_body: entry.responseBody === null ? null : storable(capText(entry.responseBody)),
    error_detail: entry.errorDetail === null ? null : storable(capText(entry.errorDetail, 2048)),
  };
}

// Entries are written in batches: under load one INSERT (one commit) carries every entry
// that arrived within the last few milliseconds, instead of one commit per request. A batch
// waits at most BATCH_DELAY_MS for company, and never grows past MAX_BATCH entries.
const BATCH_DELAY_MS = 10;
const MAX_BATCH = 200;

type Batch = { entries: RequestLogEntry[]; written: Promise<void>; start: () => void };
// One open batch per database client in the process (on globalThis: a production build
// gives each route bundle a module instance of its own).
type GlobalWithBatches = typeof globalThis & { __rosterRequestLogBatches?: WeakMap<Executor, Batch> };
const batches = globalThis as GlobalWithBatches;
const openBatches = (batches.__rosterRequestLogBatches ??= new WeakMap<Executor, Batch>());

function openBatch(executor: Executor): Batch {
  let start!: () => void;
  const begun = new Promise<void>((resolve) => {
    start = resolve;
  });
  const batch: Batch = {
    entries: [],
    start,
    written: begun.then(() => {
      if (openBatches.get(executor) === batch) openBatches.delete(executor);
      return insertBatch(executor, batch.entries);
    }),
  };
  openBatches.set(executor, batch);
  setTimeout(start, BATCH_DELAY_MS).unref?.();
  return batch;
}

/** One statement for the whole batch, entries of directories deleted meanwhile skipped. */
async function insertRows(executor: Executor, entries: RequestLogEntry[]): Promise<void> {
  await executor.execute(sql`
    insert into scim_requests (directory_id, request_id, method, path, query, status, duration_ms, user_agent,
                               request_body, response_body, error_detail)
    select r.directory_id, r.request_id, r.method, r.path, r.query, r.status, r.duration_ms, r.user_agent,
           r.request_body, r.response_body, r.error_detail
    from jsonb_to_recordset(${JSON.stringify(entries.map(logRow))}::jsonb) as r(
      directory_id uuid, request_id text, method text, path text, query text, status int, duration_ms int,
      user_agent text, request_body text, response_body text, error_detail text)
    where exists (select 1 from directories d where d.id = r.directory_id)`);
}

async function insertBatch(executor: Executor, entries: RequestLogEntry[]): Promise<void> {
  try {
    await insertRows(executor, entries);
  } catch (error) {
    // One entry the database refuses must not take the others with it: write them one by one.
    if (entries.length === 1) throw error;
    for (const entry of entries) {
      try {
        await insertRows(executor, [entry]);
      } catch (single) {
        console.error(`[roster] request log entry ${entry.requestId} not written:`, single instanceof Error ? single.message : single);
      }
    }
  }
  const now = Date.now();
  for (const directoryId of new Set(entries.map((e) => e.directoryId))) {
    const last = lastPrunedAt.get(directoryId);
    if (last === undefined || now - last > PRUNE_INTERVAL_MS) {
      lastPrunedAt.set(directoryId, now);
      await pruneRequestLog(executor, directoryId);
    }
  }
}

/**
 * Logs one entry; resolves once the batch it joined is written. The caller runs it in the
 * background (lib/background), so settleBackground() also waits for the log. Entries of a
 * directory that no longer exists are skipped.
 */
export function writeRequestLog(executor: Executor, entry: RequestLogEntry): Promise<void> {
  const batch = openBatches.get(executor) ?? openBatch(executor);
  batch.entries.push(entry);
  if (batch.entries.length >= MAX_BATCH) {
    openBatches.delete(executor);
    batch.start();
  }
  return batch.written;
}

/** Deletes a directory's entries older than the retention and beyond the row cap. */
export async function pruneRequestLog(executor: Executor, directoryId: string): Promise<void> {
  const days = env().requestLogRetentionDays;
  await executor
    .delete(scimRequests)
    .where(
      and(
        eq(scimRequests.directoryId, directoryId),
        lt(scimRequests.createdAt, sql`now() - make_interval(days => ${days}::int)`),
      ),
    );
  await executor.execute(sql`
    delete from scim_requests
    where directory_id = ${directoryId}::uuid
      and id < (select id from scim_requests where directory_id = ${directoryId}::uuid
                order by id desc offset ${MAX_LOG_ROWS_PER_DIRECTORY - 1} limit 1)`);
}

/** The newest entries of a directory (the portal's request log), newest first. */
export async function listRequestLog(
  executor: Executor,
  directoryId: string,
  opts: { limit?: number; beforeId?: number } = {},
): Promise<ScimRequest[]> {
  return executor
    .select()
    .from(scimRequests)
    .where(
      and(
        eq(scimRequests.directoryId, directoryId),
        opts.beforeId !== undefined ? lt(scimRequests.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(scimRequests.id))
    .limit(Math.min(Math.max(opts.limit ?? 50, 1), 500));
}
