// Drives the real SCIM route handlers (the exports of app/api/scim/[tenant]/v2/**/route.ts)
// with `new Request(...)`, the way Next.js calls them, without a server.
import * as root from "@/app/api/scim/[tenant]/v2/.search/route";
import * as bulk from "@/app/api/scim/[tenant]/v2/Bulk/route";
import * as groupSearch from "@/app/api/scim/[tenant]/v2/Groups/.search/route";
import * as groupItem from "@/app/api/scim/[tenant]/v2/Groups/[id]/route";
import * as groups from "@/app/api/scim/[tenant]/v2/Groups/route";
import * as resourceType from "@/app/api/scim/[tenant]/v2/ResourceTypes/[id]/route";
import * as resourceTypes from "@/app/api/scim/[tenant]/v2/ResourceTypes/route";
import * as schema from "@/app/api/scim/[tenant]/v2/Schemas/[id]/route";
import * as schemas from "@/app/api/scim/[tenant]/v2/Schemas/route";
import * as spc from "@/app/api/scim/[tenant]/v2/ServiceProviderConfig/route";
import * as userSearch from "@/app/api/scim/[tenant]/v2/Users/.search/route";
import * as userItem from "@/app/api/scim/[tenant]/v2/Users/[id]/route";
import * as users from "@/app/api/scim/[tenant]/v2/Users/route";
import * as elsewhere from "@/app/api/scim/[tenant]/v2/[...rest]/route";
import { normalizeScimTarget } from "@/lib/scim-http/request-target";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<string, Handler>>;

const ROUTES: [RegExp, RouteModule][] = [
  [/^\/\.search$/, root],
  [/^\/Bulk$/, bulk],
  [/^\/Users$/, users],
  [/^\/Users\/\.search$/, userSearch],
  [/^\/Users\/(?<id>[^/]+)$/, userItem],
  [/^\/Groups$/, groups],
  [/^\/Groups\/\.search$/, groupSearch],
  [/^\/Groups\/(?<id>[^/]+)$/, groupItem],
  [/^\/ServiceProviderConfig$/, spc],
  [/^\/ResourceTypes$/, resourceTypes],
  [/^\/ResourceTypes\/(?<id>[^/]+)$/, resourceType],
  [/^\/Schemas$/, schemas],
  [/^\/Schemas\/(?<id>[^/]+)$/, schema],
  [/^\/.+$/, elsewhere],
];

export const TEST_ORIGIN = "http://roster.test";

export type ScimReply = { status: number; headers: Headers; body: any; text: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ScimCallOptions = {
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** Overrides the bearer token (null: no Authorization header). */
  token?: string | null;
  /** Overrides the directory id in the URL. */
  tenant?: string;
};

export function scimClient(directoryId: string, token: string) {
  return async function scim(method: string, path: string, opts: ScimCallOptions = {}): Promise<ScimReply> {
    const tenant = opts.tenant ?? directoryId;
    // What lib/scim-http/node-server.ts does to the request target before Next.js routes it.
    const target = normalizeScimTarget(`/api/scim/${tenant}/v2${path}`);
    const [fullPath = "", search = ""] = target.split("?");
    const base = /^\/api\/scim\/([^/]*)\/v2(\/.*)?$/.exec(fullPath);
    if (!base) throw new Error(`not a SCIM path: ${path}`);
    const pathname = base[2] ?? "";
    const match = ROUTES.map(([re, mod]) => ({ m: re.exec(pathname), mod })).find((r) => r.m);
    const handler = match?.mod[method];
    if (!match?.m || !handler) throw new Error(`no route for ${method} ${path}`);
    const headers: Record<string, string> = { "content-type": "application/scim+json", ...opts.headers };
    const bearer = opts.token === undefined ? token : opts.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const request = new Request(`${TEST_ORIGIN}${fullPath}${search ? `?${search}` : ""}`, {
      method,
      headers,
      body,
    });
    // Next.js decodes each dynamic segment once (the normalised target always decodes).
    const params: Record<string, string | string[]> = { tenant: decodeURIComponent(base[1] ?? "") };
    for (const [k, v] of Object.entries(match.m.groups ?? {})) params[k] = decodeURIComponent(v);
    if (match.mod === elsewhere) params.rest = pathname.split("/").slice(1).map(decodeURIComponent);
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined, text };
  };
}

export type Scim = ReturnType<typeof scimClient>;
