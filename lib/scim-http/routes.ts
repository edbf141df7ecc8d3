// Endpoint names as providers type them (issue: Microsoft's SCIM test collection sends
// `/users`, admins type URLs by hand): `Users`, `Groups`, `Schemas`, `ResourceTypes`,
// `ServiceProviderConfig`, `Bulk` and `.search` are matched without regard to case, ids
// exactly. The route folders keep the spec's casing (one explicit folder per endpoint); a
// path in another case falls through to the catch-all (`[...rest]`), which maps it here onto
// the same route factories. This is the one place: it needs no proxy.ts or rewrite, so it
// works the same under `next start`, serverless hosts and `npm start` (whose Node server
// has already collapsed `//`, see ./request-target, which also holds the name matching that
// Bulk paths use too).
import { ScimError } from "@/lib/scim/errors";
import {
  type RouteContext,
  type RouteHandler,
  resourceTypeRoute,
  resourceTypesRoute,
  schemaRoute,
  schemasRoute,
  scimBulkRoute,
  scimCollectionRoute,
  scimEndpoint,
  scimItemRoute,
  scimNotFoundRoute,
  scimSearchRoute,
  serviceProviderConfigRoute,
} from "./handler";
import { canonicalSegments } from "./request-target";

type Methods = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler>>;
type Route = { methods: Methods; id?: string };

let table: ReturnType<typeof buildTable> | undefined;

function buildTable() {
  return {
    ".search": scimSearchRoute("all"),
    Bulk: scimBulkRoute(),
    Users: scimCollectionRoute("User"),
    "Users/.search": scimSearchRoute("User"),
    "Users/{id}": scimItemRoute("User"),
    Groups: scimCollectionRoute("Group"),
    "Groups/.search": scimSearchRoute("Group"),
    "Groups/{id}": scimItemRoute("Group"),
    ServiceProviderConfig: serviceProviderConfigRoute(),
    ResourceTypes: resourceTypesRoute(),
    "ResourceTypes/{id}": resourceTypeRoute(),
    Schemas: schemasRoute(),
    "Schemas/{id}": schemaRoute(),
  } satisfies Record<string, Methods>;
}

/** The route a canonical path names, with its id; undefined when it names none. */
function routeOf(segments: readonly string[]): Route | undefined {
  table ??= buildTable();
  const [first, second, ...more] = segments;
  if (first === undefined || more.length > 0) return undefined;
  const routes: Record<string, Methods> = table;
  if (second === undefined) return routes[first] ? { methods: routes[first] } : undefined;
  if (routes[`${first}/${second}`]) return { methods: routes[`${first}/${second}`]! };
  const item = routes[`${first}/{id}`];
  return item && second !== "" ? { methods: item, id: second } : undefined;
}

const methodNotAllowed = scimEndpoint((call) =>
  Promise.reject(new ScimError(405, undefined, `${call.method} is not supported on ${call.url.pathname}.`)),
);

/**
 * The catch-all under the base URL: a path that names an endpoint in another case is served
 * by that endpoint (same handler, same params as its own folder would get); anything else is
 * a SCIM 404 (after authentication, like every other answer).
 */
export function scimFallbackRoute(): Required<Methods> {
  const notFound = scimNotFoundRoute();
  const dispatch =
    (method: keyof Methods): RouteHandler =>
    async (request: Request, context: RouteContext) => {
      const params = await context.params;
      const rest = Array.isArray(params.rest) ? params.rest : typeof params.rest === "string" ? [params.rest] : [];
      const route = routeOf(canonicalSegments(rest));
      if (!route) return notFound[method](request, context);
      const handler = route.methods[method] ?? methodNotAllowed;
      const routeParams = { tenant: params.tenant, ...(route.id !== undefined ? { id: route.id } : {}) };
      return handler(request, { params: Promise.resolve(routeParams) });
    };
  return { GET: dispatch("GET"), POST: dispatch("POST"), PUT: dispatch("PUT"), PATCH: dispatch("PATCH"), DELETE: dispatch("DELETE") };
}

/**
 * POST on `/Users/{id}` and `/Groups/{id}`: their folder also matches `/Users/.SEARCH`, so
 * `.search` in another case arrives here rather than at the catch-all. It is the search; any
 * other id is a 405 like a POST on an item.
 */
export function scimItemPostRoute(kind: "User" | "Group"): RouteHandler {
  const search = scimSearchRoute(kind).POST;
  return async (request, context) => {
    const params = await context.params;
    const id = typeof params.id === "string" ? params.id : "";
    return id.toLowerCase() === ".search" ? search(request, context) : methodNotAllowed(request, context);
  };
}
