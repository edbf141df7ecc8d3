// The one reader of `Authorization: Bearer <token>` (RFC 6750 §2.1), for the SCIM endpoint
// and the REST API alike.
//
// Strict on purpose: around a header field value HTTP allows only optional whitespace, which
// is SP and HTAB (RFC 7230 §3.2.3), and the token itself is RFC 6750's b64token. A reader
// built on JavaScript's `\s` also strips U+00A0 and the other Unicode spaces, so "token\u00a0"
// was accepted as "token"; a credential must match byte for byte.
const BEARER = /^[ \t]*bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The token of a Bearer Authorization header; the scheme name is case-insensitive (RFC 7235 §2.1). */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  return BEARER.exec(header)?.[1];
}
