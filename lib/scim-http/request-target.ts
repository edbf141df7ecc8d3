// The one decoding of a SCIM request path, done by the server (lib/scim-http/node-server.ts)
// before Next.js reads the URL, because Next.js answers three kinds of SCIM path itself,
// before any route, rewrite or proxy.ts runs:
// - "//" (PingOne joins its "SCIM Base URL" and "Users Resource" fields as typed: a base URL
//   ending in "/" gives ".../v2//Users") → a 308 redirect, which a provider does not follow
//   on a POST or PATCH;
// - malformed percent-encoding ("/Users/%zz", or bytes that are not UTF-8) → a 500 page;
// - "." and ".." segments (also as %2E) → resolved and answered with a 308 redirect.
// Here runs of "/" collapse, a segment that does not decode is taken literally (its "%"
// escaped), and a dot segment is taken literally too (a client resolves dot segments before
// sending, RFC 3986 §5.2.4; one that arrives is no resource name), so each reaches the SCIM
// routes and gets a SCIM 404 after authentication like any unknown path. Next.js then decodes
// each segment once into the route params; nothing decodes them again.
// Other paths keep Next.js's own behaviour.

const SCIM_PATH = /^\/api\/scim\//;

/** One path segment as the route params will hold it; malformed percent-encoding is kept as sent. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A segment rewritten so that Next.js's single decoding yields decodeSegment(segment). */
function literalSegment(segment: string): string {
  const decoded = decodeSegment(segment);
  // "%252E" decodes (once) to the text "%2E": the dots are not seen as a dot segment.
  if (decoded === "." || decoded === "..") return "%252E".repeat(decoded.length);
  return decoded === segment && segment.includes("%") ? segment.replace(/%/g, "%25") : segment;
}

/** The request target of a SCIM request, made safe for Next.js's router; keeps the query as sent. */
export function normalizeScimTarget(target: string): string {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const collapsed = path.replace(/\/{2,}/g, "/");
  if (!SCIM_PATH.test(collapsed)) return target;
  const normalized = collapsed.split("/").map(literalSegment).join("/");
  if (normalized === path) return target;
  return q < 0 ? normalized : normalized + target.slice(q);
}

// Endpoint names as providers type them: matched without regard to case (ids exactly), for
// the routes (./routes) and Bulk paths (./bulk) alike.
const ENDPOINTS = ["Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Bulk", ".search"] as const;
const byLowerName = new Map<string, string>(ENDPOINTS.map((name) => [name.toLowerCase(), name]));

/**
 * The segments of a path under the base URL with endpoint names in their canonical case:
 * the first segment, and `.search` under `Users`/`Groups`. Ids are left exactly as sent.
 */
export function canonicalSegments(segments: readonly string[]): string[] {
  const out = [...segments];
  const first = out[0] === undefined ? undefined : byLowerName.get(out[0].toLowerCase());
  if (first !== undefined) out[0] = first;
  if ((out[0] === "Users" || out[0] === "Groups") && out[1]?.toLowerCase() === ".search") out[1] = ".search";
  return out;
}

