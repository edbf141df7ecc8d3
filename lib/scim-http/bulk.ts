// POST /Bulk (RFC 7644 §3.7). Each operation runs exactly as the same request would on its
// own (same operations, each in its own transaction), in request order, except that an
// operation whose data names a `bulkId:` created by a later POST waits for it (§3.7.2).
// A reference that cannot be resolved — undefined, failed or circular — fails that
// operation with 409 invalidValue. `failOnErrors` stops processing after that many errors
// (§3.7.3); maxOperations and maxPayloadSize are advertised in ServiceProviderConfig and
// enforced with 413 (§3.7.4).
import { ScimError, scimErrorBody } from "@/lib/scim/errors";
import { asScimError } from "./errors";
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, type ResourceKind } from "@/lib/scim/schema";
import { findKey, isPlainObject } from "@/lib/scim/resources";
import { canonicalSegments, decodeSegment } from "./request-target";
import {
  type ScimResult,
  type ScimScope,
  createResource,
  deleteResource,
  patchResource,
  replaceResource,
} from "./operations";

export const MAX_BULK_OPERATIONS = 1000;
export const MAX_BULK_PAYLOAD_BYTES = 1024 * 1024;

type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

type BulkOperation = {
  index: number;
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  path: string;
  data?: unknown;
  refs: Set<string>;
};

type BulkOperationResult = {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
};

const BULK_REF = /^bulkId:(.+)$/;

function collectRefs(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > 32) return;
  if (typeof value === "string") {
    const m = BULK_REF.exec(value);
    if (m?.[1]) into.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into, depth + 1);
  } else if (isPlainObject(value)) {
    for (const v of Object.values(value)) collectRefs(v, into, depth + 1);
  }
}

function substituteRefs(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") {
    const m = BULK_REF.exec(value);
    return m?.[1] && ids.has(m[1]) ? ids.get(m[1]) : value;
  }
  if (Array.isArray(value)) return value.map((v) => substituteRefs(v, ids));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteRefs(v, ids)]));
  }
  return value;
}

function field(op: Record<string, unknown>, name: string): unknown {
  const key = findKey(op, name);
  return key === undefined ? undefined : op[key];
}

function parseOperations(body: unknown): { operations: BulkOperation[]; failOnErrors: number | undefined } {
  if (!isPlainObject(body)) throw new ScimError(400, "invalidSyntax", "A BulkRequest body must be a JSON object.");
  const schemas = field(body, "schemas");
  if (
    schemas !== undefined &&
    !(Array.isArray(schemas) && schemas.some((s) => typeof s === "string" && s.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase()))
  ) {
    throw new ScimError(400, "invalidSyntax", `"schemas" must contain ${BULK_REQUEST_SCHEMA}.`);
  }
  const failOnErrors = field(body, "failOnErrors");
  if (failOnErrors !== undefined && failOnErrors !== null && !(Number.isInteger(failOnErrors) && (failOnErrors as number) > 0)) {
    throw new ScimError(400, "invalidValue", '"failOnErrors" must be a positive integer.');
  }
  const list = field(body, "Operations");
  if (!Array.isArray(list)) throw new ScimError(400, "invalidSyntax", 'A BulkRequest needs an "Operations" array.');
  if (list.length > MAX_BULK_OPERATIONS) {
    throw new ScimError(413, undefined, `A BulkRequest may hold at most ${MAX_BULK_OPERATIONS} operations.`);
  }
  const seen = new Set<string>();
  const operations = list.map((raw, index): BulkOperation => {
    if (!isPlainObject(raw)) throw new ScimError(400, "invalidSyntax", `Operations[${index}] must be an object.`);
    const method = field(raw, "method");
    const path = field(raw, "path");
    const bulkId = field(raw, "bulkId");
    const version = field(raw, "version");
    const upper = typeof method === "string" ? method.toUpperCase() : "";
    if (upper !== "POST" && upper !== "PUT" && upper !== "PATCH" && upper !== "DELETE") {
      throw new ScimError(400, "invalidValue", `Operations[${index}].method must be POST, PUT, PATCH or DELETE.`);
    }
    if (typeof path !== "string" || path === "") {
      throw new ScimError(400, "invalidValue", `Operations[${index}].path is required.`);
    }
    if (bulkId !== undefined && typeof bulkId !== "string") {
      throw new ScimError(400, "invalidValue", `Operations[${index}].bulkId must be a string.`);
    }
    if (upper === "POST" && !bulkId) {
      throw new ScimError(400, "invalidValue", `Operations[${index}]: a POST needs a bulkId (RFC 7644 §3.7).`);
    }
    if (bulkId) {
      if (seen.has(bulkId)) throw new ScimError(400, "invalidValue", `bulkId "${bulkId}" is used twice.`);
      seen.add(bulkId);
    }
    const data = field(raw, "data");
    const refs = new Set<string>();
    collectRefs(data, refs);
    collectRefs(path.split("/").pop(), refs);
    return {
      index,
      method: upper,
      path,
      data,
      refs,
      ...(bulkId ? { bulkId } : {}),
      ...(typeof version === "string" ? { version } : {}),
    };
  });
  return { operations, failOnErrors: typeof failOnErrors === "number" ? failOnErrors : undefined };
}

/** "/Users", "/Groups/{id}" (a leading "//" or a trailing "/" tolerated) → kind and id. */
function parsePath(path: string): { kind: ResourceKind; id: string | undefined } {
  const parts = path.split("/").filter((p) => p !== "");
  // Endpoint names in any case, like the routes.
  const [type, id, extra] = canonicalSegments(parts);
  const kind = type === "Users" ? "User" : type === "Groups" ? "Group" : undefined;
  if (!kind || extra !== undefined) throw new ScimError(400, "invalidPath", `Unsupported bulk path "${path}".`);
  return { kind, id: id === undefined ? undefined : decodeSegment(id) };
}


async function runOperation(scope: ScimScope, op: BulkOperation, ids: Map<string, string>): Promise<ScimResult> {
  const path = op.path
    .split("/")
    .map((segment) => substituteRefs(segment, ids) as string)
    .join("/");
  const { kind, id } = parsePath(path);
  const data = substituteRefs(op.data, ids);
  const query = new URLSearchParams();
  const pre = { ifMatch: op.version ?? null };
  switch (op.method) {
    case "POST":
      if (id !== undefined) throw new ScimError(400, "invalidPath", "A bulk POST's path is a resource endpoint (/Users, /Groups).");
      return createResource(scope, kind, data, query);
    case "PUT":
    case "PATCH":
    case "DELETE": {
      if (id === undefined) throw new ScimError(400, "invalidPath", `A bulk ${op.method} needs the resource's path.`);
      if (op.method === "DELETE") return deleteResource(scope, kind, id, pre);
      const fn = op.method === "PUT" ? replaceResource : patchResource;
      return fn(scope, kind, id, data, query, pre);
    }
  }
}

export async function runBulk(
  scope: ScimScope,
  body: unknown,
  onUnexpected: (error: unknown) => void,
): Promise<ScimResult> {
  const { operations, failOnErrors } = parseOperations(body);
  const definedBy = new Map(operations.filter((o) => o.bulkId).map((o) => [o.bulkId!, o]));
  const ids = new Map<string, string>();
  const done = new Set<string>();
  const results: { index: number; result: BulkOperationResult }[] = [];
  const pending = [...operations];
  let errors = 0;

  while (pending.length > 0 && (failOnErrors === undefined || errors < failOnErrors)) {
    // The first operation whose references are all settled (resolved, failed or never
    // defined); when none is (a cycle), the first one, which then fails on its reference.
    const ready = pending.findIndex((op) =>
      [...op.refs].every((r) => ids.has(r) || done.has(r) || !definedBy.has(r) || definedBy.get(r) === op),
    );
    const [op] = pending.splice(Math.max(ready, 0), 1);
    if (!op) break;
    const base = {
      method: op.method,
      ...(op.bulkId ? { bulkId: op.bulkId } : {}),
    };
    let result: BulkOperationResult;
    try {
      const unresolved = [...op.refs].filter((r) => !ids.has(r));
      if (unresolved.length > 0) {
        throw new ScimError(409, "invalidValue", `bulkId reference(s) could not be resolved: ${unresolved.join(", ")}`);
      }
      const outcome = await runOperation(scope, op, ids);
      const location = outcome.headers?.Location;
      const version = outcome.headers?.ETag;
      if (op.bulkId && op.method === "POST" && location) ids.set(op.bulkId, location.split("/").pop()!);
      result = {
        ...base,
        ...(location ? { location } : {}),
        ...(version ? { version } : {}),
        status: String(outcome.status),
      };
    } catch (error) {
      const expected = asScimError(error);
      const scimError = expected ?? new ScimError(500, undefined, "Internal error while processing this operation.");
      if (!expected) onUnexpected(error);
      errors += 1;
      result = {
        ...base,
        status: String(scimError.status),
        response: scimErrorBody(scimError.status, scimError.scimType, scimError.message),
      };
    }
    if (op.bulkId) done.add(op.bulkId);
    results.push({ index: op.index, result });
  }

  results.sort((a, b) => a.index - b.index);
  return { status: 200, body: { schemas: [BULK_RESPONSE_SCHEMA], Operations: results.map((r) => r.result) } };
}
