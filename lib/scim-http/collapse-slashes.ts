// PingOne joins its "SCIM Base URL" and "Users Resource" fields as typed: a base URL that
// ends in "/" gives ".../v2//Users". Next.js answers any path with "//" by a 308 redirect
// before a route, rewrite or proxy.ts sees it, and a provider that does not follow a
// redirected POST/PATCH fails. The server (scripts/serve.ts) collapses the slashes of SCIM
// paths before Next.js reads the URL; other paths keep Next.js's own behaviour.

const SCIM_PATH = /^\/api\/scim\//;

/** Collapses runs of "/" in the path of a request target under /api/scim/; keeps the query. */
export function collapseScimSlashes(target: string): string {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const collapsed = path.replace(/\/{2,}/g, "/");
  if (!SCIM_PATH.test(collapsed) || collapsed === path) return target;
  return q < 0 ? collapsed : collapsed + target.slice(q);
}
