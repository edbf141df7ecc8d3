// POST {APP_URL}/api/scim/{directoryId}/oauth/token — the client-credentials grant (RFC 6749
// §4.4) for one directory's SCIM endpoint. Client authentication by HTTP Basic (§2.3.1) or by
// `client_id` / `client_secret` form fields; errors as §5.2 JSON. Never logged: the request
// carries the client secret and the answer the access token.
import { DATABASE_RETRY_AFTER_SECONDS, getDb, isDatabaseUnavailable } from "@/db/client";
import { clientIp } from "@/lib/auth/client-ip";
import { issueAccessToken, verifyClient } from "@/lib/auth/oauth-client";
import { RateLimitedError, ipFailureBudgets, recordFailure, requestBudgets, takeRequest } from "@/lib/auth/rate-limit";
import { ScimError } from "@/lib/scim/errors";
import { decodeBody } from "@/lib/scim/input";

/** A token request is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_REQUEST_BYTES = 8 * 1024;
const REALM = 'Basic realm="Roster OAuth"';

type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    description: string,
  ) {
    super(description);
  }
}

// RFC 6749 §5.1: token answers must not be cached.
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function errorResponse(error: OAuthError): Response {
  // §5.2: invalid_client is 401 (with WWW-Authenticate, required when the client used the
  // Authorization header); everything else is 400.
  const status = error.code === "invalid_client" ? 401 : 400;
  const headers: Record<string, string> = { ...NO_STORE };
  if (status === 401) headers["www-authenticate"] = REALM;
  return Response.json({ error: error.code, error_description: error.message }, { status, headers });
}

const decodeFormPart = (part: string) => {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return part;
  }
};

/** `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 §2.3.1). */
function basicCredentials(header: string | null): { clientId: string; clientSecret: string } | undefined {
  if (header === null) return undefined;
  const match = /^[ \t]*basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (!match?.[1]) throw new OAuthError("invalid_client", "The Authorization header is not HTTP Basic client authentication.");
  let decoded: string;
  try {
    decoded = decodeBody(Buffer.from(match[1], "base64"));
  } catch {
    throw new OAuthError("invalid_client", "The Basic credentials are not UTF-8.");
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new OAuthError("invalid_client", "The Basic credentials need client_id:client_secret.");
  return { clientId: decodeFormPart(decoded.slice(0, colon)), clientSecret: decodeFormPart(decoded.slice(colon + 1)) };
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "Send the token request as application/x-www-form-urlencoded (RFC 6749 §4.4.2).");
  }
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > MAX_TOKEN_REQUEST_BYTES) throw new OAuthError("invalid_request", "The request is too large.");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_TOKEN_REQUEST_BYTES) throw new OAuthError("invalid_request", "The request is too large.");
  try {
    return new URLSearchParams(decodeBody(bytes));
  } catch (error) {
    if (error instanceof ScimError) throw new OAuthError("invalid_request", "The request body is not UTF-8.");
    throw error;
  }
}

/** One value of a parameter; §3.2: parameters must not be repeated. */
function single(form: URLSearchParams, name: string): string | undefined {
  const values = form.getAll(name);
  if (values.length > 1) throw new OAuthError("invalid_request", `"${name}" is given more than once.`);
  return values[0];
}

/** Handles one token request for `directoryId`. */
export async function handleTokenRequest(request: Request, directoryId: string): Promise<Response> {
  try {
    const form = await readForm(request);
    const grantType = single(form, "grant_type");
    const formId = single(form, "client_id");
    const formSecret = single(form, "client_secret");
    single(form, "scope");
    const basic = basicCredentials(request.headers.get("authorization"));
    // §2.3: a client must not use more than one authentication method in a request.
    if (basic && (formId !== undefined || formSecret !== undefined)) {
      if (formId !== undefined && formId !== basic.clientId) {
        throw new OAuthError("invalid_request", "Send the client credentials either in the Authorization header or in the body, not both.");
      }
      if (formSecret !== undefined) {
        throw new OAuthError("invalid_request", "Send the client credentials either in the Authorization header or in the body, not both.");
      }
    }
    if (grantType === undefined || grantType === "") throw new OAuthError("invalid_request", 'The request needs "grant_type".');
    if (grantType !== "client_credentials") {
      throw new OAuthError("unsupported_grant_type", 'This token endpoint issues tokens for grant_type "client_credentials" only.');
    }
    const credentials = basic ?? (formId !== undefined && formSecret !== undefined ? { clientId: formId, clientSecret: formSecret } : undefined);
    if (!credentials) {
      throw new OAuthError("invalid_client", "Authenticate with the client id and secret (HTTP Basic, or client_id and client_secret).");
    }
    const db = await getDb();
    // The same budgets as the SCIM endpoint (lib/auth/rate-limit): the client id counts like a
    // token, and wrong secrets count as failed authentications of this IP for this directory.
    const ip = clientIp(request.headers);
    const failureBudgets = ipFailureBudgets(ip, directoryId);
    await takeRequest(db, requestBudgets(ip, credentials.clientId), failureBudgets);
    const secretId = await verifyClient(db, directoryId, credentials.clientId, credentials.clientSecret);
    // One answer for an unknown client, a wrong or revoked secret and another directory's client.
    if (!secretId) {
      await recordFailure(db, failureBudgets);
      throw new OAuthError("invalid_client", "Client authentication failed.");
    }
    // Scopes are not used: the token grants this directory's SCIM endpoint, whatever is asked
    // (RFC 6749 §3.3 lets the server ignore the requested scope).
    const issued = await issueAccessToken(db, directoryId, secretId);
    return Response.json(
      { access_token: issued.accessToken, token_type: "Bearer", expires_in: issued.expiresIn },
      { status: 200, headers: NO_STORE },
    );
  } catch (error) {
    if (error instanceof OAuthError) return errorResponse(error);
    // RFC 6749 §4.1.2.1 names "temporarily_unavailable" for an overloaded or unavailable server.
    if (error instanceof RateLimitedError || isDatabaseUnavailable(error)) {
      const retryAfter = error instanceof RateLimitedError ? error.retryAfterSeconds : DATABASE_RETRY_AFTER_SECONDS;
      return Response.json(
        { error: "temporarily_unavailable", error_description: error instanceof RateLimitedError ? error.message : "The service cannot reach its database right now; retry later." },
        { status: error instanceof RateLimitedError ? 429 : 503, headers: { ...NO_STORE, "retry-after": String(retryAfter) } },
      );
    }
    console.error("[roster] OAuth token request failed:", error instanceof Error ? error.message : "unknown error");
    return Response.json(
      { error: "server_error", error_description: "The token could not be issued; try again." },
      { status: 500, headers: NO_STORE },
    );
  }
}
