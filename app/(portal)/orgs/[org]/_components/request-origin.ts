// The origin the browser reached this server on, for building the SCIM Endpoint URL when
// APP_URL is not set (scimBaseUrl prefers APP_URL). Behind a proxy the forwarded headers
// name the public host and scheme.
import { headers } from "next/headers";

export async function requestOrigin(): Promise<string | undefined> {
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host"))?.split(",")[0]?.trim();
  if (!host || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return undefined;
  const forwardedProto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  return `${proto}://${host}`;
}
