// The HTTP edge of the SCIM service: what every route under /api/scim/[tenant]/v2 does
// before and after its one operation. Authentication (RFC 7644 §2, RFC 6750), body limits
// and content types, error bodies (RFC 7644 §3.12), application/scim+json answers, the
// request log, and a request id on every answer. Route files stay one line long:
//   export const { GET, PUT, PATCH, DELETE } = scimItemRoute("User");
import { after } from "next/server";
import { type Db, getDb, isDatabaseUnavailable } from "@/db/client";
import { bearerToken } from "@/lib/auth/bearer";
import { OAUTH_ACCESS_TOKEN_PREFIX, verifyAccessToken } from "@/lib/auth/oauth-client";
import { clientIp } from "@/lib/auth/client-ip";
import { ipFailureBudgets, recordFailure, requestBudgets, takeRequest } from "@/lib/auth/rate-limit";
import { isUuid, verifyScimToken } from "@/lib/auth/scim-token";
import { runInBackground, settleBackground } from "@/lib/background";
import { scimBaseUrl } from "@/lib/directory/directories";
import { isLongLivedServer } from "./node-server-flag";
import { redactBody, writeRequestLog } from "@/lib/directory/request-log";
import { markActiveAgain } from "@/lib/directory/silence";
import { type DirectoryRef } from "@/lib/directory/write";
import { ScimError, scimErrorBody } from "@/lib/scim/errors";
import { checkQuery, decodeBody, parseJsonBody } from "@/lib/scim/input";
import {
  resourceTypeById,
  resourceTypesDocument,
  schemaDocumentById,
  schemasDocument,
  serviceProviderConfig,
} from "@/lib/scim/discovery";
import { MAX_PAGE_SIZE, parseListParams } from "@/lib/scim/list";
import { type ResourceKind } from "@/lib/scim/schema";
import {
  type ScimResult,
  type ScimScope,
  createResource,
  deleteResource,
  getResource,
  listResources,
  patchResource,
  replaceResource,
  searchAll,
} from "./operations";
import { MAX_BULK_OPERATIONS, MAX_BULK_PAYLOAD_BYTES, runBulk } from "./bulk";
import { asScimError, retryAfterOf } from "./errors";

export const SCIM_CONTENT_TYPE = "application/scim+json";
/** Largest request body accepted (a Bulk request has its own, advertised, limit). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const WWW_AUTHENTICATE = 'Bearer realm="Roster SCIM"';

type RouteParams = Record<string, string | string[] | undefined>;
export type RouteContext = { params: Promise<RouteParams> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** What an endpoint gets: the authenticated directory and the request, already read. */
export type ScimCall = ScimScope & {
  requestId: string;
  method: string;
  url: URL;
  headers: Headers;
  params: Record<string, string>;
  /** The parsed JSON body; throws 400 invalidSyntax when there is none or it is not JSON. */
  json(): unknown;
  /** The body as received (after the size check), for limits of its own (Bulk). */
  rawBody: string | null;
};

export type Endpoint = (call: ScimCall) => Promise<ScimResult>;

export type EndpointOptions = {
  /** Overrides MAX_BODY_BYTES for this endpoint (Bulk advertises and enforces its own). */
  maxBodyBytes?: number;
};

/** The response, and its body text (serialised once, for the client and the log). */
/**
 * The media type of an answer (RFC 7644 §8.1): application/scim+json, unless the client's
 * Accept names application/json and neither application/scim+json nor a wildcard. OneLogin's
 * SCIM documentation says responses "must be of type application/json".
 */
export function responseContentType(accept: string | null): string {
  if (!accept) return SCIM_CONTENT_TYPE;
  const types = accept.split(",").map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "");
  if (types.includes(SCIM_CONTENT_TYPE) || types.includes("*/*") || types.includes("application/*")) return SCIM_CONTENT_TYPE;
  return types.includes("application/json") ? "application/json" : SCIM_CONTENT_TYPE;
}

function scimResponse(
  result: ScimResult,
  requestId: string,
  contentType: string = SCIM_CONTENT_TYPE,
): { response: Response; text: string | null } {
  const headers = new Headers(result.headers);
  headers.set("X-Request-Id", requestId);
  headers.set("Cache-Control", "no-store");
  if (result.status === 204 || result.status === 304 || (result.body === undefined && result.text === undefined && !result.stream)) {
    return { response: new Response(null, { status: result.status, headers }), text: null };
  }
  headers.set("Content-Type", contentType);
  if (result.stream) {
    // The request log keeps what it can say without holding the answer.
    return { response: new Response(result.stream, { status: result.status, headers }), text: "[streamed: a group and its members]" };
  }
  const text = result.text ?? JSON.stringify(result.body);
  return { response: new Response(text, { status: result.status, headers }), text };
}

function errorResult(error: ScimError, extraHeaders?: Record<string, string>): ScimResult {
  return { status: error.status, body: scimErrorBody(error.status, error.scimType, error.message), headers: extraHeaders };
}

/** Whether a Content-Type is JSON: application/json, application/scim+json, any +json, with parameters. */
export function isJsonContentType(value: string | null): boolean {
  if (value === null || value.trim() === "") return true;
  const type = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || type === "application/scim+json" || type.endsWith("+json");
}

/** Reads at most `limit` bytes of the body; more is 413 (RFC 7231 §6.5.11). */
async function readBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return null;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) return null;
  return decodeBody(Buffer.concat(chunks));
}

function tooLarge(limit: number): ScimError {
  return new ScimError(413, undefined, `The request body is larger than ${limit} bytes.`);
}

const unauthorized = () =>
  new ScimError(401, undefined, "Authentication failed: send the directory's SCIM token as 'Authorization: Bearer <token>'.");

/** Route params as Next.js gives them: already decoded once (lib/scim-http/request-target). */
function paramsOf(raw: RouteParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  return out;
}

/** The origin the client used, for Location headers when APP_URL is not set. */
function requestOrigin(request: Request, url: URL): string {
  const host = request.headers.get("x-forwarded-host");
  const proto = request.headers.get("x-forwarded-proto");
  if (host && proto) return `${proto.split(",")[0]?.trim()}://${host.split(",")[0]?.trim()}`;
  return url.origin;
}

function logFailure(requestId: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[roster] SCIM request ${requestId} failed: ${detail}`);
}

/**
 * Wraps one endpoint: authenticate the directory in the URL, read the body within its
 * limit, run, answer application/scim+json, and log the exchange in the background.
 */
export function scimEndpoint(endpoint: Endpoint, options: EndpointOptions = {}): RouteHandler {
  return async (request, context) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const url = new URL(request.url);
    const params = paramsOf(await context.params);
    const tenant = params.tenant ?? "";
    let db: Db | undefined;
    let directory: DirectoryRef | undefined;
    let isSilent = false;
    let rawBody: string | null = null;
    let result: ScimResult;
    let errorDetail: string | null = null;
    // Nothing is written for an answer that had no database, or that refused a caller over
    // its budget before authentication (a flood must not become a flood of log writes).
    let isLogged = true;

    try {
      db = await getDb();
      // One answer for a bad token, a token of another directory, an unknown or malformed
      // directory id: nothing tells a caller which directories exist.
      const token = bearerToken(request.headers.get("authorization"));
      // Budgets first (one statement): a caller over its limit, or an IP that failed to
      // authenticate too often, is not even verified.
      const ip = clientIp(request.headers);
      const failureBudgets = ipFailureBudgets(ip, tenant);
      await takeRequest(db, requestBudgets(ip, token), failureBudgets);
      // A SCIM token, or an access token from the directory's OAuth token endpoint: the same
      // answers either way (lib/auth/oauth-client.ts).
      const verified = !token
        ? undefined
        : token.startsWith(OAUTH_ACCESS_TOKEN_PREFIX)
          ? await verifyAccessToken(db, tenant, token)
          : await verifyScimToken(db, tenant, token);
      if (!verified) {
        await recordFailure(db, failureBudgets);
        throw unauthorized();
      }
      directory = { id: verified.directory.id, organizationId: verified.directory.organizationId };
      isSilent = verified.directory.isSilent;
      if (verified.directory.status !== "active") {
        throw new ScimError(403, undefined, "This directory is disabled. Enable it in the Admin Portal to resume provisioning.");
      }
      checkQuery(url.searchParams);
      rawBody = await readBody(request, options.maxBodyBytes ?? MAX_BODY_BYTES);
      const contentType = request.headers.get("content-type");
      if (rawBody !== null && !isJsonContentType(contentType)) {
        throw new ScimError(400, "invalidSyntax", `Content-Type ${contentType ?? ""} is not JSON; send application/scim+json.`);
      }
      let parsed: { value: unknown } | undefined;
      const body = rawBody;
      const call: ScimCall = {
        db,
        directory,
        baseUrl: scimBaseUrl(directory.id, requestOrigin(request, url)),
        requestId,
        method: request.method,
        url,
        headers: request.headers,
        params,
        rawBody,
        json() {
          if (parsed) return parsed.value;
          if (body === null) throw new ScimError(400, "invalidSyntax", "The request needs a JSON body.");
          parsed = { value: parseJsonBody(body) };
          return parsed.value;
        },
      };
      result = await endpoint(call);
    } catch (error) {
      const expected = asScimError(error);
      if (expected) {
        const retryAfter = retryAfterOf(error);
        result = errorResult(expected, {
          ...(expected.status === 401 ? { "WWW-Authenticate": WWW_AUTHENTICATE } : {}),
          ...(retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {}),
        });
        errorDetail = expected.message;
        if (expected.status === 429 || isDatabaseUnavailable(error)) isLogged = false;
        if (isDatabaseUnavailable(error)) console.warn(`[roster] SCIM request ${requestId}: database unavailable`);
      } else {
        logFailure(requestId, error);
        result = errorResult(new ScimError(500, undefined, `Internal error; request id ${requestId}.`));
        errorDetail = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
      }
    }

    const { response, text } = scimResponse(result, requestId, responseContentType(request.headers.get("accept")));
    if (db && isLogged && isUuid(tenant)) {
      const entry = {
        directoryId: directory?.id ?? tenant,
        requestId,
        method: request.method,
        path: url.pathname,
        query: url.search ? url.search.slice(1) : null,
        status: result.status,
        durationMs: performance.now() - started,
        userAgent: request.headers.get("user-agent"),
        requestBody: redactBody(rawBody),
        // writeRequestLog caps it (once, not here as well).
        responseBody: text,
        errorDetail,
      };
      const logDb = db;
      void runInBackground("scim request log", () => writeRequestLog(logDb, entry));
      if (isSilent && directory && result.status < 400) {
        const directoryId = directory.id;
        void runInBackground("directory active again", () => markActiveAgain(logDb, directoryId));
      }
      deferUntilSettled();
    }
    return response;
  };
}

/**
 * Inside a Next.js request, `after()` keeps the function alive until the background writes
 * finish (serverless platforms would otherwise freeze it). Outside one (tests calling a
 * handler directly) the writes simply run on.
 */
function deferUntilSettled(): void {
  // Under `npm start` the process outlives every request (lib/scim-http/node-server.ts says
  // so): the writes finish on their own, and after()'s bookkeeping is saved on every request.
  if (isLongLivedServer()) return;
  try {
    after(settleBackground);
  } catch {
    // Not in a request scope.
  }
}

// ---------------------------------------------------------------------------------------
// Route factories

const pre = (call: ScimCall) => ({
  ifMatch: call.headers.get("if-match"),
  ifNoneMatch: call.headers.get("if-none-match"),
});

/** /Users/{id}, /Groups/{id}: GET, PUT, PATCH, DELETE (RFC 7644 §3.4.1, §3.5, §3.6). */
export function scimItemRoute(kind: ResourceKind) {
  const id = (call: ScimCall) => call.params.id ?? "";
  return {
    GET: scimEndpoint((call) => getResource(call, kind, id(call), call.url.searchParams, pre(call))),
    PUT: scimEndpoint((call) => replaceResource(call, kind, id(call), call.json(), call.url.searchParams, pre(call))),
    PATCH: scimEndpoint((call) => patchResource(call, kind, id(call), call.json(), call.url.searchParams, pre(call))),
    DELETE: scimEndpoint((call) => deleteResource(call, kind, id(call), pre(call))),
  };
}

/** /Users, /Groups: GET lists (RFC 7644 §3.4.2), POST creates (§3.3). */
export function scimCollectionRoute(kind: ResourceKind) {
  return {
    GET: scimEndpoint((call) => listResources(call, kind, parseListParams(call.url.searchParams))),
    POST: scimEndpoint((call) => createResource(call, kind, call.json(), call.url.searchParams)),
  };
}

/** POST /.search, /Users/.search, /Groups/.search (RFC 7644 §3.4.3). */
export function scimSearchRoute(kind: ResourceKind | "all") {
  return {
    POST: scimEndpoint((call) => {
      const body = call.json();
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new ScimError(400, "invalidSyntax", "A SearchRequest body must be a JSON object.");
      }
      const params = parseListParams(body as Record<string, unknown>);
      return kind === "all" ? searchAll(call, params) : listResources(call, kind, params);
    }),
  };
}

/** A read-only document endpoint (ServiceProviderConfig, ResourceTypes, Schemas). */
export function scimDocumentRoute(document: (call: ScimCall) => unknown) {
  return {
    GET: scimEndpoint((call) => {
      const body = document(call);
      if (body === undefined) throw new ScimError(404, undefined, `${call.url.pathname.split("/").pop() ?? ""} not found`);
      return Promise.resolve({ status: 200, body });
    }),
  };
}

/** POST /Bulk (RFC 7644 §3.7), with its advertised payload limit. */
export function scimBulkRoute() {
  return {
    POST: scimEndpoint((call) => runBulk(call, call.json(), (error) => logFailure(call.requestId, error)), {
      maxBodyBytes: MAX_BULK_PAYLOAD_BYTES,
    }),
  };
}

const discoveryLimits = {
  maxPageSize: MAX_PAGE_SIZE,
  maxBulkOperations: MAX_BULK_OPERATIONS,
  maxBulkPayloadBytes: MAX_BULK_PAYLOAD_BYTES,
};

/** GET /ServiceProviderConfig (RFC 7644 §4). */
export const serviceProviderConfigRoute = () =>
  scimDocumentRoute((call) => serviceProviderConfig(call.baseUrl, discoveryLimits));
/** GET /ResourceTypes and /ResourceTypes/{id}. */
export const resourceTypesRoute = () => scimDocumentRoute((call) => resourceTypesDocument(call.baseUrl));
export const resourceTypeRoute = () =>
  scimDocumentRoute((call) => resourceTypeById(call.baseUrl, call.params.id ?? ""));
/** GET /Schemas and /Schemas/{id}. */
export const schemasRoute = () => scimDocumentRoute((call) => schemasDocument(call.baseUrl));
export const schemaRoute = () => scimDocumentRoute((call) => schemaDocumentById(call.baseUrl, call.params.id ?? ""));

/** Paths under the base URL that are no SCIM endpoint (RFC 7644 §3.12: 404). */
export function scimNotFoundRoute() {
  const handler = scimEndpoint((call) =>
    Promise.reject(new ScimError(404, undefined, `No SCIM endpoint at ${call.url.pathname}.`)),
  );
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
