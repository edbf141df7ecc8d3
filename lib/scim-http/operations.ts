// The SCIM operations on one directory (RFC 7644 §3.3–§3.6), independent of Next.js: plain
// inputs (parsed JSON body, query, precondition headers) in, a status/body/headers result
// out. The route handlers and Bulk (§3.7) both call these, so a Bulk operation behaves
// exactly like the same request sent on its own.
import { createHmac } from "node:crypto";
import { type Db } from "@/db/client";
import { groupFilterSql, groupSortSql, userFilterSql, userSortSql } from "@/db/filter-sql";
import { type GroupRecord, directoryGroups } from "@/lib/directory/groups";
import { type UserRecord, directoryUsers } from "@/lib/directory/users";
import { type DirectoryRef, type VersionCondition } from "@/lib/directory/write";
import { env } from "@/lib/env";
import { ScimError, badRequest, notFound } from "@/lib/scim/errors";
import { parseAttributePath, parseFilter, resolveAttributePath, resolveFilter } from "@/lib/scim/filter";
import { type ListParams, decodeCursor, encodeCursor, listResponse, splitAttributeList } from "@/lib/scim/list";
import { applyPatch, parsePatchBody } from "@/lib/scim/patch";
import {
  type ScimResource,
  etagMatches,
  etagOf,
  groupColumns,
  parseResourceBody,
  projectResource,
  serializeGroup,
  serializeUser,
  toAttrPath,
  userColumns,
  usersUrlOf,
} from "@/lib/scim/resources";
import { GROUP_SCHEMA, type ResourceKind, USER_SCHEMA } from "@/lib/scim/schema";

/** Who is asking: one directory, reached at one base URL. */
export type ScimScope = { db: Db; directory: DirectoryRef; baseUrl: string };

/**
 * An answer: status, headers and a body to serialise — or, where the body was serialised
 * already (a group's member list comes out of Postgres as JSON text), that text, or a stream.
 */
export type ScimResult = {
  status: number;
  body?: unknown;
  text?: string;
  /** A body sent as it is produced (a large group's member list). */
  stream?: ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
};

export type Projection = { attributes: string[]; excludedAttributes: string[] };

export type Preconditions = { ifMatch?: string | null; ifNoneMatch?: string | null };

// ---------------------------------------------------------------------------------------
// Small helpers

/** `attributes` / `excludedAttributes` of a query string (names case-insensitive). */
export function projectionOf(query: URLSearchParams): Projection {
  const read = (name: string) => {
    const values: string[] = [];
    for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) values.push(v);
    return values.flatMap(splitAttributeList);
  };
  const projection = { attributes: read("attributes"), excludedAttributes: read("excludedAttributes") };
  // Checked here, before the operation runs: a malformed path (`emails[`) is a 400 that must
  // refuse the request, not fail the answer of a change already written.
  for (const path of [...projection.attributes, ...projection.excludedAttributes]) toAttrPath(path);
  return projection;
}

/**
 * Whether the response will show the top-level attribute `name` (`members`, `groups`), so
 * that it is loaded only then: a 100,000-member group read with excludedAttributes=members
 * (Entra's lookup) costs one row.
 */
export function isAttributeWanted(kind: ResourceKind, name: string, projection: Projection): boolean {
  const core = (kind === "User" ? USER_SCHEMA : GROUP_SCHEMA).toLowerCase();
  const names = (p: string, whole: boolean) => {
    const path = toAttrPath(p);
    const isCore = path.schema === undefined || path.schema.toLowerCase() === core;
    return isCore && path.attr.toLowerCase() === name.toLowerCase() && (!whole || path.sub === undefined);
  };
  if (projection.attributes.length > 0) return projection.attributes.some((p) => names(p, false));
  return !projection.excludedAttributes.some((p) => names(p, true));
}

/** If-Match as the stores take it: undefined (no header or `*`), else a predicate. */
function ifMatchCondition(header: string | null | undefined): VersionCondition {
  if (header === null || header === undefined || header.trim() === "" || header.trim() === "*") return undefined;
  return (version) => etagMatches(header, version);
}

function userResource(row: UserRecord, baseUrl: string): ScimResource {
  // `active` always comes back: the column is the truth (an account provisioned without
  // it is active), and Okta and PingOne read it after every write.
  return serializeUser(
    {
      ...row,
      data: { ...row.data, active: row.active },
      groups: row.groups.map((g) => ({ value: g.id, display: g.displayName })),
    },
    baseUrl,
  );
}

function groupResource(row: GroupRecord, baseUrl: string): ScimResource {
  return serializeGroup(row, baseUrl);
}

function resourceResult(
  status: number,
  kind: ResourceKind,
  resource: ScimResource,
  version: number,
  projection: Projection,
): ScimResult {
  const headers: Record<string, string> = { ETag: etagOf(version) };
  if (resource.meta?.location) headers.Location = resource.meta.location;
  return { status, body: projectResource(resource, kind, projection), headers };
}

const label = (kind: ResourceKind) => (kind === "User" ? "User" : "Group");
const missing = (kind: ResourceKind, id: string) => notFound(`${label(kind)} ${JSON.stringify(id)} not found`);

// ---------------------------------------------------------------------------------------
// Single resources

export async function createResource(scope: ScimScope, kind: ResourceKind, body: unknown, query: URLSearchParams) {
  const projection = projectionOf(query);
  if (kind === "User") {
    const { data } = parseResourceBody("User", body);
    const row = await directoryUsers(scope.db, scope.directory).create({ data, columns: userColumns(data) });
    return resourceResult(201, kind, userResource(row, scope.baseUrl), row.version, projection);
  }
  const parsed = parseResourceBody("Group", body);
  const row = await directoryGroups(scope.db, scope.directory).create(
    { data: parsed.data, columns: groupColumns(parsed.data) },
    parsed.members?.map((m) => m.value) ?? [],
  );
  return resourceResult(201, kind, groupResource(row, scope.baseUrl), row.version, projection);
}

export async function getResource(
  scope: ScimScope,
  kind: ResourceKind,
  id: string,
  query: URLSearchParams,
  pre: Preconditions = {},
): Promise<ScimResult> {
  const projection = projectionOf(query);
  if (kind === "Group" && projection.attributes.length === 0 && isAttributeWanted(kind, "members", projection)) {
    return getWholeGroup(scope, id, projection, pre);
  }
  const found =
    kind === "User"
      ? await directoryUsers(scope.db, scope.directory).get(id, { withGroups: isAttributeWanted(kind, "groups", projection) })
      : await directoryGroups(scope.db, scope.directory).get(id, { withMembers: isAttributeWanted(kind, "members", projection) });
  if (!found) throw missing(kind, id);
  // RFC 7644 §3.14 / RFC 7232 §3.2: the client already has this version.
  if (pre.ifNoneMatch && etagMatches(pre.ifNoneMatch, found.version)) {
    return { status: 304, headers: { ETag: etagOf(found.version) } };
  }
  const resource =
    kind === "User" ? userResource(found as UserRecord, scope.baseUrl) : groupResource(found as GroupRecord, scope.baseUrl);
  return resourceResult(200, kind, resource, found.version, projection);
}

/**
 * Above this many members a whole-group answer is streamed (streamGroup): built whole, a
 * group of 5,000 is several copies of ~1 MB while it is joined, encoded and sent, and 16
 * such reads at once took the server past 330 MB of resident memory.
 */
const LARGE_GROUP_MEMBERS = 2_000;
const largeGroupReads = semaphore(2);

/** At most `size` holders at a time; acquire() resolves to the release function. */
function semaphore(size: number): { acquire(): Promise<() => void> } {
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  return {
    acquire() {
      if (free > 0) {
        free -= 1;
        return Promise.resolve(release);
      }
      return new Promise((resolve) => waiting.push(() => resolve(release)));
    },
  };
}

/**
 * A group with all its members (Okta and OneLogin read groups whole): the member list is
 * built as JSON text by Postgres and spliced into the serialised group, not as an object per
 * member created, projected and serialised again; above LARGE_GROUP_MEMBERS it is streamed.
 */
async function getWholeGroup(scope: ScimScope, id: string, projection: Projection, pre: Preconditions): Promise<ScimResult> {
  const groups = directoryGroups(scope.db, scope.directory);
  const found = await groups.get(id, { withMembers: false });
  if (!found) throw missing("Group", id);
  if (pre.ifNoneMatch && etagMatches(pre.ifNoneMatch, found.version)) {
    return { status: 304, headers: { ETag: etagOf(found.version) } };
  }
  // The group without its members, as every other read answers it; the members follow.
  const { body, headers = {} } = resourceResult(200, "Group", groupResource(found, scope.baseUrl), found.version, projection);
  const text = JSON.stringify(body);
  if (found.memberCount > LARGE_GROUP_MEMBERS) return { status: 200, headers, stream: streamGroup(scope, id, text) };
  const members = await groups.membersJson(id, usersUrlOf(scope.baseUrl));
  // A group without members has no `members` attribute (as serializeGroup leaves it out).
  return { status: 200, text: members === null ? text : `${text.slice(0, -1)},"members":${members}}`, headers };
}

/**
 * A large group's answer as a stream: the group, then its members piece by piece from one
 * database snapshot, so a 100,000-member answer never sits in memory whole (about 16 MB
 * otherwise, several times over while it is sent). At most two streams per process run at
 * once (each holds a database connection while its client reads); the rest wait their turn.
 */
function streamGroup(scope: ScimScope, id: string, groupText: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let wanted: (() => void) | undefined;
  let isCancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        void (async () => {
          const release = await largeGroupReads.acquire();
          try {
            let prefix = `${groupText.slice(0, -1)},"members":[`;
            let isEmpty = true;
            await directoryGroups(scope.db, scope.directory).streamMembersJson(id, usersUrlOf(scope.baseUrl), async (piece) => {
              if (isCancelled) throw new Error("the client went away");
              controller.enqueue(encoder.encode(isEmpty ? prefix + piece : `,${piece}`));
              isEmpty = false;
              prefix = "";
              // Backpressure: the next piece is read once the client has taken this one.
              while ((controller.desiredSize ?? 1) <= 0 && !isCancelled) await new Promise<void>((resolve) => (wanted = resolve));
            });
            // Members removed meanwhile can leave none: then the group has no members attribute.
            controller.enqueue(encoder.encode(isEmpty ? groupText : "]}"));
            controller.close();
          } catch (error) {
            if (!isCancelled) controller.error(error);
          } finally {
            release();
          }
        })();
      },
      pull() {
        wanted?.();
        wanted = undefined;
      },
      cancel() {
        isCancelled = true;
        wanted?.();
      },
    },
    { highWaterMark: 2 },
  );
}

/** PUT (RFC 7644 §3.5.1): a full replace of an existing resource; never creates. */
export async function replaceResource(
  scope: ScimScope,
  kind: ResourceKind,
  id: string,
  body: unknown,
  query: URLSearchParams,
  pre: Preconditions = {},
): Promise<ScimResult> {
  const projection = projectionOf(query);
  const condition = ifMatchCondition(pre.ifMatch);
  if (kind === "User") {
    const { data } = parseResourceBody("User", body);
    const row = await directoryUsers(scope.db, scope.directory).replace(id, { data, columns: userColumns(data) }, condition);
    if (!row) throw missing(kind, id);
    return resourceResult(200, kind, userResource(row, scope.baseUrl), row.version, projection);
  }
  const parsed = parseResourceBody("Group", body);
  const row = await directoryGroups(scope.db, scope.directory).replace(
    id,
    { data: parsed.data, columns: groupColumns(parsed.data) },
    parsed.members?.map((m) => m.value),
    condition,
    { withMembers: isAttributeWanted(kind, "members", projection) },
  );
  if (!row) throw missing(kind, id);
  return resourceResult(200, kind, groupResource(row, scope.baseUrl), row.version, projection);
}

/**
 * PATCH (RFC 7644 §3.5.2). Users answer 200 with the resource. Groups answer 204 unless
 * the request asks for attributes: a membership change then never reads the member list
 * (Entra and Okta expect either; the RFC allows both).
 */
export async function patchResource(
  scope: ScimScope,
  kind: ResourceKind,
  id: string,
  body: unknown,
  query: URLSearchParams,
  pre: Preconditions = {},
): Promise<ScimResult> {
  const projection = projectionOf(query);
  const condition = ifMatchCondition(pre.ifMatch);
  const ops = parsePatchBody(body);
  if (kind === "User") {
    const row = await directoryUsers(scope.db, scope.directory).patch(
      id,
      (current) => {
        const result = applyPatch("User", { data: current.data }, ops);
        if (result.membership.length > 0) {
          throw new ScimError(400, "mutability", "A user's groups are changed through the Groups endpoint.");
        }
        return { input: { data: result.data, columns: userColumns(result.data) }, changed: result.changed };
      },
      condition,
    );
    if (!row) throw missing(kind, id);
    return resourceResult(200, kind, userResource(row, scope.baseUrl), row.version, projection);
  }
  const wantsResource = projection.attributes.length > 0;
  const row = await directoryGroups(scope.db, scope.directory).patch(
    id,
    (current) => {
      const result = applyPatch("Group", { data: current.data }, ops);
      return {
        input: { data: result.data, columns: groupColumns(result.data) },
        membership: result.membership,
        changed: result.changed || result.membership.length > 0,
      };
    },
    condition,
    { withMembers: wantsResource && isAttributeWanted(kind, "members", projection) },
  );
  if (!row) throw missing(kind, id);
  if (!wantsResource) return { status: 204, headers: { ETag: etagOf(row.version) } };
  return resourceResult(200, kind, groupResource(row, scope.baseUrl), row.version, projection);
}

export async function deleteResource(
  scope: ScimScope,
  kind: ResourceKind,
  id: string,
  pre: Preconditions = {},
): Promise<ScimResult> {
  const condition = ifMatchCondition(pre.ifMatch);
  const isDeleted =
    kind === "User"
      ? await directoryUsers(scope.db, scope.directory).delete(id, condition)
      : await directoryGroups(scope.db, scope.directory).delete(id, condition);
  if (!isDeleted) throw missing(kind, id);
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------
// Lists and searches (RFC 7644 §3.4.2, §3.4.3; cursors RFC 9865)

function cursorSecret(directoryId: string): string {
  // Binding the key to the directory makes a cursor useless in another tenant. Without
  // AUTH_SECRET a forged cursor could only name a position in the caller's own directory.
  return createHmac("sha256", env().authSecret ?? "roster-scim-cursor").update(directoryId).digest("base64url");
}

function compileQuery(kind: ResourceKind, params: ListParams) {
  const where = params.filter
    ? (kind === "User" ? userFilterSql : groupFilterSql)(resolveFilter(parseFilter(params.filter), kind))
    : undefined;
  const orderBy = params.sortBy
    ? [
        (kind === "User" ? userSortSql : groupSortSql)(
          resolveAttributePath(parseAttributePath(params.sortBy), kind),
          params.sortOrder,
        ),
      ]
    : undefined;
  return { where, orderBy };
}

type Page = { totalResults: number; resources: ScimResource[]; nextCursor?: string };

async function listPage(
  scope: ScimScope,
  kind: ResourceKind,
  params: ListParams,
  window: { startIndex: number; count: number },
): Promise<Page> {
  const { where, orderBy } = compileQuery(kind, params);
  const projection = { attributes: params.attributes, excludedAttributes: params.excludedAttributes };
  const isCursor = params.cursor !== undefined;
  let after;
  const fingerprint = `${kind}:${params.filter ?? ""}`;
  if (isCursor) {
    if (params.sortBy) throw badRequest("invalidValue", "Cursor pagination is available in the default order only.");
    if (params.cursor) {
      const decoded = decodeCursor(params.cursor, cursorSecret(scope.directory.id), { query: fingerprint });
      after = { createdUs: decoded.sortKey, id: decoded.id };
    }
  }
  // A cursor page asks for one row more than it returns, to know whether a next page exists.
  const count = isCursor && window.count > 0 ? window.count + 1 : window.count;
  const query = { where, orderBy, startIndex: window.startIndex, count, after };
  const result =
    kind === "User"
      ? await directoryUsers(scope.db, scope.directory).list({
          ...query,
          withGroups: isAttributeWanted(kind, "groups", projection),
        })
      : await directoryGroups(scope.db, scope.directory).list({
          ...query,
          withMembers: isAttributeWanted(kind, "members", projection),
        });
  const hasMore = isCursor && result.rows.length > window.count;
  const rows = hasMore ? result.rows.slice(0, window.count) : result.rows;
  const resources = rows.map((row) =>
    projectResource(
      kind === "User" ? userResource(row as UserRecord, scope.baseUrl) : groupResource(row as GroupRecord, scope.baseUrl),
      kind,
      projection,
    ),
  );
  const lastKey = result.keys[rows.length - 1];
  const nextCursor =
    hasMore && lastKey
      ? encodeCursor(
          { sortKey: lastKey.createdUs, id: lastKey.id, query: fingerprint },
          cursorSecret(scope.directory.id),
        )
      : undefined;
  return { totalResults: result.totalResults, resources, nextCursor };
}

export async function listResources(scope: ScimScope, kind: ResourceKind, params: ListParams): Promise<ScimResult> {
  const page = await listPage(scope, kind, params, { startIndex: params.startIndex, count: params.count });
  return {
    status: 200,
    body: listResponse({
      resources: page.resources,
      totalResults: page.totalResults,
      ...(params.cursor === undefined ? { startIndex: params.startIndex } : {}),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    }),
  };
}

/**
 * POST /.search on the service provider root (RFC 7644 §3.4.3): Users, then Groups, as
 * one result set. A filter that names an attribute only one type has matches nothing in
 * the other; a filter neither type understands is 400 invalidFilter.
 */
export async function searchAll(scope: ScimScope, params: ListParams): Promise<ScimResult> {
  if (params.cursor !== undefined) {
    throw badRequest("invalidValue", "Cursor pagination is available on /Users and /Groups, not on the root.");
  }
  const kinds: ResourceKind[] = ["User", "Group"];
  const usable: ResourceKind[] = [];
  let firstError: unknown;
  for (const kind of kinds) {
    try {
      compileQuery(kind, params);
      usable.push(kind);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (usable.length === 0) throw firstError;

  let skip = params.startIndex - 1;
  let remaining = params.count;
  let totalResults = 0;
  const resources: ScimResource[] = [];
  for (const kind of usable) {
    const page = await listPage(scope, kind, params, { startIndex: skip + 1, count: remaining });
    totalResults += page.totalResults;
    resources.push(...page.resources);
    remaining -= page.resources.length;
    skip = Math.max(0, skip - page.totalResults);
  }
  return { status: 200, body: listResponse({ resources, totalResults, startIndex: params.startIndex }) };
}
