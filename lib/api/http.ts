// The REST API's edge: API-key authentication, JSON errors in one shape, zod at the boundary.
import { z } from "zod";
import { DATABASE_RETRY_AFTER_SECONDS, getDb, isDatabaseUnavailable, type Db } from "@/db/client";
import { bearerToken } from "@/lib/auth/bearer";
import { clientIp } from "@/lib/auth/client-ip";
import { RateLimitedError, ipFailureBudgets, recordFailure, requestBudgets, takeRequest } from "@/lib/auth/rate-limit";
import { verifyApiKey } from "@/lib/auth/api-key";
import { DirectoryError, type DirectoryErrorKind } from "@/lib/directory/errors";
import { ScimError } from "@/lib/scim/errors";
import { decodeBody, parseJsonBody } from "@/lib/scim/input";

export type ApiContext = { db: Db; apiKeyId: string; origin: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function apiError(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message, ...(details ? { details } : {}) } },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/** The REST edge's one mapping of domain errors (lib/directory/errors.ts). */
const DOMAIN_STATUS: Record<DirectoryErrorKind, number> = {
  conflict: 409,
  not_found: 404,
  precondition_failed: 412,
  invalid_reference: 400,
  retry: 503,
  invalid_cursor: 400,
  cursor_expired: 410,
};

/** The one answer to a thrown error: expected ones mapped, unexpected ones logged and hidden. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return apiError(error.status, error.code, error.message, error.details);
  if (error instanceof RateLimitedError) {
    return apiError(429, "rate_limited", error.message, undefined, { "retry-after": String(error.retryAfterSeconds) });
  }
  if (isDatabaseUnavailable(error)) {
    console.warn("[roster] API request: database unavailable");
    return apiError(503, "database_unavailable", "The service cannot reach its database right now; retry later.", undefined, {
      "retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  if (error instanceof DirectoryError) return apiError(DOMAIN_STATUS[error.kind], error.kind, error.message);
  if (error instanceof z.ZodError) {
    return apiError(400, "invalid_request", "The request is not valid.", error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  }
  const requestId = crypto.randomUUID();
  console.error(`[roster] API request ${requestId} failed:`, error);
  return apiError(500, "internal_error", `Something went wrong (request ${requestId}).`);
}

/** The API key of the request, or undefined when it has none that is live. */
async function authenticate(request: Request, db: Db): Promise<{ id: string } | undefined> {
  const token = bearerToken(request.headers.get("authorization"));
  // One statement counts the request against the IP's and the key's budgets and checks the
  // IP's failed attempts, before the key is even looked up (lib/auth/rate-limit).
  const ip = clientIp(request.headers);
  const failureBudgets = ipFailureBudgets(ip);
  await takeRequest(db, requestBudgets(ip, token), failureBudgets);
  const key = token ? await verifyApiKey(db, token) : undefined;
  if (!key) await recordFailure(db, failureBudgets);
  return key;
}

/** Wraps a handler: authenticates the API key, maps expected errors, hides unexpected ones. */
export function apiHandler<P>(
  handler: (request: Request, ctx: ApiContext, params: P) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    try {
      const db = await getDb();
      const key = await authenticate(request, db);
      if (!key) {
        return apiError(401, "unauthorized", "Send a valid API key as a Bearer token.", undefined, {
          "www-authenticate": 'Bearer realm="Roster API"',
        });
      }
      return await handler(request, { db, apiKeyId: key.id, origin: new URL(request.url).origin }, await route.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Largest REST request body. */
export const MAX_API_BODY_BYTES = 1024 * 1024;

/**
 * The JSON body, held to the same input rules as a SCIM body (lib/scim/input: UTF-8 only,
 * no NUL or other control characters, no lone surrogates, bounded nesting), then zod.
 */
export async function jsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > MAX_API_BODY_BYTES) {
    throw new ApiError(413, "payload_too_large", `The request body is larger than ${MAX_API_BODY_BYTES} bytes.`);
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_API_BODY_BYTES) {
    throw new ApiError(413, "payload_too_large", `The request body is larger than ${MAX_API_BODY_BYTES} bytes.`);
  }
  let raw: unknown;
  try {
    raw = parseJsonBody(decodeBody(bytes));
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    const code = error.scimType === "invalidSyntax" ? "invalid_json" : "invalid_request";
    throw new ApiError(400, code, error.message);
  }
  return schema.parse(raw);
}

/** The query string, validated: repeated keys keep the last value. */
export function queryParams<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}
