// Resource bodies in and out (RFC 7643 §2–§4, RFC 7644 §3.3, §3.4.2.5, §3.5.1).
//
// Storage representation ("data"): the whole SCIM representation in canonical attribute
// case, WITHOUT id, meta, schemas, groups (users), members (groups) and password. Those come
// from columns and the membership table, or are never kept at all. Extension attributes
// live under their schema URN key.
import { badRequest } from "./errors";
import { type AttrPath, type Filter, parsePatchPath } from "./filter";
import { checkText, utf8Length } from "./input";
import { type JsonObject, findKey, isPlainObject } from "./json";
import { matchesValueFilter } from "./value-filter";
import {
  GROUP_SCHEMA,
  SCHEMAS,
  USER_SCHEMA,
  coreAttributes,
  extensionOwning,
  findAttribute,
  findSubAttribute,
  schemasOf,
  splitSchemaUrn,
  type AttributeDef,
  type ResourceKind,
} from "./schema";

export type { JsonObject };


export type ScimMeta = {
  resourceType: ResourceKind;
  created: string;
  lastModified: string;
  location: string;
  version: string;
};

export type ScimResource = JsonObject & { schemas: string[]; id: string; meta?: ScimMeta };

export type ParsedResource = {
  data: JsonObject;
  externalId?: string;
  /** Groups only: undefined when the body has no (or a null) `members`; [] when it is empty. */
  members?: { value: string }[];
  extensionSchemas: string[];
};

// ---------------------------------------------------------------------------------------
// Small JSON helpers shared with patch.ts

export { isPlainObject };

/**
 * Keys that would reach Object.prototype (or a constructor) when assigned with `obj[key] =`.
 * JSON.parse creates "__proto__" as an own key, so a later copy could pollute prototypes;
 * they are refused everywhere, in any case (attribute names are case-insensitive).
 */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key.toLowerCase());
}

export { findKey };

const MAX_DEPTH = 32;

/**
 * Copies arbitrary JSON (custom extension content is kept as given), refusing forbidden keys
 * and absurd nesting. Object-level nulls are dropped (RFC 7643 §2.5: null means unassigned).
 */
export function sanitizeJson(value: unknown, label: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw badRequest("invalidValue", `${label} is nested too deeply.`);
  if (Array.isArray(value)) return value.map((v) => sanitizeJson(v, label, depth + 1));
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (isForbiddenKey(k)) throw badRequest("invalidValue", `"${k}" is not allowed as an attribute name (in ${label}).`);
      checkText(k, `An attribute name in ${label}`);
      if (v === null || v === undefined) continue;
      out[k] = sanitizeJson(v, `${label}.${k}`, depth + 1);
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw badRequest("invalidValue", `${label} is not a valid number.`);
  if (typeof value === "string") {
    checkText(value, label);
    // Not indexed, so not held to MAX_STRING_BYTES; the whole resource is still capped.
    if (utf8Length(value) > MAX_BINARY_BYTES) throw invalid(label, `at most ${MAX_BINARY_BYTES} bytes long`);
  }
  return value;
}

/** Structural equality for JSON values, ignoring object key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Value validation and coercion, driven by the attribute table

const invalid = (label: string, expected: string) =>
  badRequest("invalidValue", `Attribute "${label}" must be ${expected}.`);

/**
 * Longest string value (UTF-8 bytes) of a string or reference attribute. Every name, email
 * and identifier fits with room to spare, and it keeps lower(value) of the indexed ones
 * (userName, displayName, externalId, given/family name, emails) under Postgres's btree
 * entry limit (about 2,700 bytes), which a longer value hit as a 500.
 */
export const MAX_STRING_BYTES = 1024;
/** Longest binary value (x509Certificates: a base64 DER certificate is 2–4 KB). */
export const MAX_BINARY_BYTES = 16 * 1024;
/** Largest stored representation of one resource (its JSON, UTF-8). */
export const MAX_RESOURCE_BYTES = 256 * 1024;

function checkString(def: AttributeDef, value: string, label: string): void {
  checkText(value, `Attribute "${label}"`);
  const limit = def.type === "binary" ? MAX_BINARY_BYTES : MAX_STRING_BYTES;
  if (utf8Length(value) > limit) throw invalid(label, `at most ${limit} bytes long`);
}

/** One value of a (sub-)attribute, not the array of a multi-valued one. null → undefined. */
function normalizeSingle(def: AttributeDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case "string":
    case "reference":
    case "binary":
      // A number is refused, not turned into text: no provider documents sending one, and a
      // silent String(1e21) would store something the provider never sent.
      if (typeof value !== "string") throw invalid(label, "a string");
      checkString(def, value, label);
      return value;
    case "boolean":
      if (typeof value === "boolean") return value;
      // Microsoft Entra ID sends booleans as "True"/"False" strings.
      if (typeof value === "string") {
        const t = value.trim().toLowerCase();
        if (t === "true") return true;
        if (t === "false") return false;
      }
      throw invalid(label, "a boolean");
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      if (typeof value === "string" && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
      throw invalid(label, "an integer");
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
      throw invalid(label, "a decimal number");
    case "dateTime":
      // RFC 7643 §2.3.5: xsd:dateTime. Kept as sent; only checked to be a date.
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
        return value;
      }
      throw invalid(label, "a dateTime (ISO 8601)");
    case "complex":
      return normalizeComplex(def, value, label);
  }
}

function normalizeComplex(def: AttributeDef, value: unknown, label: string): JsonObject | undefined {
  const subs = def.subAttributes ?? [];
  // Microsoft Entra ID sends the enterprise `manager` as a bare id: a string for a
  // single-valued complex attribute with a `value` sub-attribute means that sub-attribute.
  // Nothing documents bare strings as elements of a multi-valued one (`emails: ["a@x"]`);
  // they are refused like any other wrong type.
  if (!isPlainObject(value)) {
    const valueSub = findAttribute(subs, "value");
    if (valueSub && !def.multiValued && typeof value === "string") {
      if (value === "") return undefined;
      value = { value };
    } else {
      throw invalid(label, "an object");
    }
  }
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value as JsonObject)) {
    if (isForbiddenKey(key)) throw badRequest("invalidValue", `"${key}" is not allowed as an attribute name (in ${label}).`);
    const sub = findAttribute(subs, key);
    // RFC 7644 §3.5.1: unknown and readOnly sub-attributes in a request are ignored.
    if (!sub || sub.mutability === "readOnly") continue;
    const nv = normalizeSingle(sub, v, `${label}.${sub.name}`);
    if (nv !== undefined) out[sub.name] = nv;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Validates and coerces one attribute's value per its definition. Returns undefined for
 * "unassigned" (null, empty array, empty complex value — RFC 7643 §2.5).
 */
export function normalizeAttributeValue(def: AttributeDef, value: unknown, label: string = def.name): unknown {
  if (value === null || value === undefined) return undefined;
  if (!def.multiValued) {
    if (Array.isArray(value)) throw invalid(label, "a single value, not an array");
    return normalizeSingle(def, value, label);
  }
  // Lenient: a single complex value where an array is expected is read as a one-element
  // array (RFC 7644 §3.5.2.1 PATCH add values arrive either way). A string or number there
  // is a type error, not a quirk: `emails: "a@x"` is refused.
  if (!Array.isArray(value) && !(def.type === "complex" && isPlainObject(value))) {
    throw invalid(label, "an array");
  }
  const list = Array.isArray(value) ? value : [value];
  const out = list.map((v, i) => normalizeSingle(def, v, `${label}[${i}]`)).filter((v) => v !== undefined);
  if (def.type === "complex" && findAttribute(def.subAttributes ?? [], "primary")) keepFirstPrimary(out);
  return out.length > 0 ? out : undefined;
}

/**
 * RFC 7643 §2.4: at most one element may be primary. PingOne may mark two emails primary;
 * the first one wins and the others are set to false (PingOne misbehaves when `primary` is
 * missing from what it reads back, so it is not deleted).
 */
function keepFirstPrimary(list: unknown[]): void {
  let seen = false;
  for (const el of list) {
    if (!isPlainObject(el) || el.primary !== true) continue;
    if (seen) el.primary = false;
    seen = true;
  }
}

// ---------------------------------------------------------------------------------------
// Whole resources

/** Attributes that are never part of the stored data. */
function isExcludedFromData(kind: ResourceKind, def: AttributeDef): boolean {
  // RFC 7644 §3.5.1: readOnly values in a request are ignored (id, meta, groups).
  if (def.mutability === "readOnly") return true;
  // Never stored, never returned (RFC 7643 §4.1.1: returned "never").
  if (def.returned === "never") return true;
  // Membership lives in the join table.
  return kind === "Group" && def.name === "members";
}

function normalizeExtension(attributes: readonly AttributeDef[], value: JsonObject, label: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (isForbiddenKey(key)) throw badRequest("invalidValue", `"${key}" is not allowed as an attribute name (in ${label}).`);
    const def = findAttribute(attributes, key);
    if (!def || def.mutability === "readOnly") continue;
    const nv = normalizeAttributeValue(def, v, `${label}:${def.name}`);
    if (nv !== undefined) out[def.name] = nv;
  }
  return out;
}

/**
 * The core of parseResourceBody, also used to re-validate data after a PATCH. `declared` are
 * the schema URNs the request names: attributes under an unknown URN are kept only then.
 */
function normalizeData(kind: ResourceKind, body: JsonObject, declared: readonly string[]): JsonObject {
  const { core, extensions } = schemasOf(kind);
  const attrs = coreAttributes(kind);
  const data: JsonObject = {};

  const takeCore = (obj: JsonObject) => {
    for (const [key, value] of Object.entries(obj)) {
      if (isForbiddenKey(key)) throw badRequest("invalidValue", `"${key}" is not allowed as an attribute name.`);
      if (/^urn:/i.test(key)) continue;
      const def = findAttribute(attrs, key);
      // Unknown core attributes are ignored (RFC 7644 §3.3 lets the provider drop them).
      if (!def || isExcludedFromData(kind, def)) continue;
      const nv = normalizeAttributeValue(def, value);
      if (nv === undefined) delete data[def.name];
      else data[def.name] = nv;
    }
  };

  takeCore(body);
  for (const [key, value] of Object.entries(body)) {
    if (!/^urn:/i.test(key) || value === null || value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower === core.id.toLowerCase()) {
      // Core attributes wrapped in their own URN (allowed by RFC 7643 §3, rarely sent).
      if (!isPlainObject(value)) throw invalid(key, "an object");
      takeCore(value);
      continue;
    }
    const ext = extensions.find((e) => e.id.toLowerCase() === lower);
    if (ext) {
      if (!isPlainObject(value)) throw invalid(ext.id, "an object");
      const nv = normalizeExtension(ext.attributes, value, ext.id);
      if (Object.keys(nv).length > 0) data[ext.id] = nv;
      continue;
    }
    // An unknown extension (PingOne can be configured to send custom URNs): kept as given
    // when the request declares it in `schemas`, otherwise ignored like any unknown attribute.
    const declaredAs = declared.find((s) => s.toLowerCase() === lower);
    if (!declaredAs || isKnownCoreSchema(lower)) continue;
    if (!isPlainObject(value)) throw invalid(key, "an object");
    const nv = sanitizeJson(value, key) as JsonObject;
    if (Object.keys(nv).length > 0) data[declaredAs] = nv;
  }

  for (const def of core.attributes) {
    if (!def.required) continue;
    const v = data[def.name];
    if (v === undefined || (typeof v === "string" && v.trim() === "")) {
      throw badRequest("invalidValue", `Attribute "${def.name}" is required.`);
    }
  }
  // Checked on what would be stored, so that PATCHes adding values one at a time meet it too.
  const size = utf8Length(JSON.stringify(data));
  if (size > MAX_RESOURCE_BYTES) {
    throw badRequest("invalidValue", `The ${kind} would be ${size} bytes; a resource may have at most ${MAX_RESOURCE_BYTES}.`);
  }
  return data;
}

function isKnownCoreSchema(lowerUrn: string): boolean {
  return lowerUrn === USER_SCHEMA.toLowerCase() || lowerUrn === GROUP_SCHEMA.toLowerCase();
}

/** Schema URN keys present in stored data (known and custom extensions). */
export function extensionKeys(data: JsonObject): string[] {
  return Object.keys(data).filter((k) => /^urn:/i.test(k) && isPlainObject(data[k]));
}

/**
 * Re-validates stored-shape data (after a PATCH) through the same rules as a POST body.
 * Every URN key present counts as declared.
 */
export function normalizeResourceData(kind: ResourceKind, data: JsonObject): JsonObject {
  return normalizeData(kind, data, extensionKeys(data));
}

/**
 * `members` of a group body or PATCH value: [{ value }] (a single object is wrapped). Only the
 * id is kept; $ref, display and type are derived on output. Duplicates collapse.
 */
export function parseMembers(value: unknown): { value: string }[] | undefined {
  if (value === null || value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const seen = new Set<string>();
  const out: { value: string }[] = [];
  list.forEach((m, i) => {
    const key = isPlainObject(m) ? findKey(m, "value") : undefined;
    const id = key === undefined ? undefined : (m as JsonObject)[key];
    if (typeof id !== "string" || id === "") {
      throw badRequest("invalidValue", `members[${i}].value must be a non-empty string (the member's id).`);
    }
    checkText(id, `members[${i}].value`);
    if (!seen.has(id)) {
      seen.add(id);
      out.push({ value: id });
    }
  });
  return out;
}

/**
 * Reads a POST or PUT body (RFC 7644 §3.3, §3.5.1).
 *
 * `schemas` is checked leniently: missing is tolerated, and so are URNs we do not know (Entra
 * adds a Microsoft URN to groups). It is refused (400 invalidSyntax) only when it is not an
 * array of strings, or when it names the other resource type's core schema and not ours —
 * that is a request sent to the wrong endpoint, and storing it would create a garbage
 * resource rather than help any real client.
 */
export function parseResourceBody(kind: ResourceKind, body: unknown): ParsedResource {
  if (!isPlainObject(body)) throw badRequest("invalidSyntax", "The request body must be a JSON object.");
  const schemasKey = findKey(body, "schemas");
  const schemas = schemasKey === undefined ? undefined : body[schemasKey];
  let declared: string[] = [];
  if (schemas !== undefined && schemas !== null) {
    if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
      throw badRequest("invalidSyntax", '"schemas" must be an array of schema URNs.');
    }
    declared = schemas;
    const lower = declared.map((s) => s.toLowerCase());
    const own = schemasOf(kind).core.id.toLowerCase();
    const other = (kind === "User" ? GROUP_SCHEMA : USER_SCHEMA).toLowerCase();
    if (lower.includes(other) && !lower.includes(own)) {
      throw badRequest("invalidSyntax", `"schemas" names ${kind === "User" ? GROUP_SCHEMA : USER_SCHEMA}; this endpoint takes ${schemasOf(kind).core.id}.`);
    }
  }

  const data = normalizeData(kind, body, declared);
  const result: ParsedResource = { data, extensionSchemas: extensionKeys(data) };
  if (typeof data.externalId === "string") result.externalId = data.externalId;
  if (kind === "Group") {
    const membersKey = findKey(body, "members");
    const members = membersKey === undefined ? undefined : parseMembers(body[membersKey]);
    if (members) result.members = members;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Derived columns

export type UserColumns = {
  userName: string;
  externalId: string | null;
  active: boolean;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  primaryEmail: string | null;
};

const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function userColumns(data: JsonObject): UserColumns {
  const name = isPlainObject(data.name) ? data.name : {};
  const emails = Array.isArray(data.emails) ? data.emails.filter(isPlainObject) : [];
  const email =
    emails.find((e) => e.primary === true) ??
    emails.find((e) => typeof e.type === "string" && e.type.toLowerCase() === "work") ??
    emails[0];
  return {
    userName: typeof data.userName === "string" ? data.userName : "",
    externalId: strOrNull(data.externalId),
    // RFC 7643 §4.1.1 leaves an absent `active` undefined; a provisioned account that was
    // never deactivated is active (PingOne only sends `active` to disable).
    active: data.active !== false,
    displayName: strOrNull(data.displayName),
    givenName: strOrNull(name.givenName),
    familyName: strOrNull(name.familyName),
    primaryEmail: strOrNull(email?.value),
  };
}

export function groupColumns(data: JsonObject): { displayName: string; externalId: string | null } {
  return {
    displayName: typeof data.displayName === "string" ? data.displayName : "",
    externalId: strOrNull(data.externalId),
  };
}

// ---------------------------------------------------------------------------------------
// Output

type RowBase = { id: string; data: JsonObject; createdAt: Date; updatedAt: Date; version: number };

export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * One entity tag from If-Match / If-None-Match (RFC 7232 §2.3, RFC 7644 §3.14): `W/"3"`,
 * `"3"`, a bare `3` (lenient), or `*`. Anything else → undefined.
 */
export function parseEtag(header: string): number | "*" | undefined {
  const t = header.trim();
  if (t === "*") return "*";
  const m = /^(?:W\/)?"?(\d{1,15})"?$/i.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** Whether an If-Match style header (possibly a comma-separated list) matches `version`. */
export function etagMatches(header: string, version: number): boolean {
  return header.split(",").some((part) => {
    const tag = parseEtag(part);
    return tag === "*" || tag === version;
  });
}

const NEVER_SERIALISED = new Set(["id", "meta", "schemas", "password", "groups", "members"]);

function resourceBody(core: string, row: RowBase): ScimResource {
  const schemas = [core, ...extensionKeys(row.data)];
  const out: ScimResource = { schemas, id: row.id };
  for (const [k, v] of Object.entries(row.data)) {
    if (!NEVER_SERIALISED.has(k) && !isForbiddenKey(k)) out[k] = v;
  }
  return out;
}

function metaOf(kind: ResourceKind, row: RowBase, base: string): ScimMeta {
  return {
    resourceType: kind,
    created: row.createdAt.toISOString(),
    lastModified: row.updatedAt.toISOString(),
    location: `${base}/${kind === "User" ? "Users" : "Groups"}/${row.id}`,
    version: etagOf(row.version),
  };
}

const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, "");

/** Where a user's resource lives under a base URL, up to its id: `…/v2/Users/`. */
export const usersUrlOf = (baseUrl: string) => `${trimBase(baseUrl)}/Users/`;

export function serializeUser(
  row: RowBase & { groups?: { value: string; display: string }[] },
  baseUrl: string,
): ScimResource {
  const base = trimBase(baseUrl);
  const out = resourceBody(USER_SCHEMA, row);
  // RFC 7643 §2.5: an empty multi-valued attribute is the same as an absent one.
  if (row.groups && row.groups.length > 0) {
    out.groups = row.groups.map((g) => ({
      value: g.value,
      $ref: `${base}/Groups/${g.value}`,
      display: g.display,
      type: "direct",
    }));
  }
  out.meta = metaOf("User", row, base);
  return out;
}

export function serializeGroup(
  row: RowBase & { members?: { value: string; display?: string; type?: "User" | "Group" }[] },
  baseUrl: string,
): ScimResource {
  const base = trimBase(baseUrl);
  const out = resourceBody(GROUP_SCHEMA, row);
  if (row.members && row.members.length > 0) {
    out.members = row.members.map((m) => {
      const type = m.type ?? "User";
      return {
        value: m.value,
        $ref: type === "User" ? `${usersUrlOf(base)}${m.value}` : `${base}/Groups/${m.value}`,
        ...(m.display !== undefined ? { display: m.display } : {}),
        type,
      };
    });
  }
  out.meta = metaOf("Group", row, base);
  return out;
}

// ---------------------------------------------------------------------------------------
// Projection: attributes / excludedAttributes (RFC 7644 §3.4.2.5, §3.9)

const KNOWN_SCHEMAS = SCHEMAS.map((s) => s.id);

/** An `attributes` / `excludedAttributes` entry: a path, and a value filter when it has one. */
export type ProjectionPath = AttrPath & { filter?: Filter };

/**
 * "name.givenName", "urn:…:User:userName", "urn:…:enterprise:2.0:User", and a value filter
 * `emails[type eq "work"]` or `emails[type eq "work"].value` (Microsoft's SCIM test collection
 * asks `attributes=emails[type eq "work"]`) → path (and filter).
 */
export function toAttrPath(input: string, extraSchemas: readonly string[] = []): ProjectionPath {
  const { schema, rest } = splitSchemaUrn(input.trim(), [...KNOWN_SCHEMAS, ...extraSchemas]);
  if (rest.includes("[")) {
    const parsed = parsePatchPath(rest);
    if (parsed.filter) return { schema, attr: parsed.path.attr, sub: parsed.subAttr, filter: parsed.filter };
  }
  const dot = rest.indexOf(".");
  return dot < 0
    ? { schema, attr: rest, sub: undefined }
    : { schema, attr: rest.slice(0, dot), sub: rest.slice(dot + 1) };
}

type Target = {
  /** Key in the resource holding the attribute's container: undefined for the core level. */
  container: string | undefined;
  /** The attribute's key inside the container; undefined means the whole container. */
  key: string | undefined;
  sub: string | undefined;
  def: AttributeDef | undefined;
};

function resolveTarget(resource: JsonObject, kind: ResourceKind, path: AttrPath): Target | undefined {
  let schema = path.schema;
  let attr = path.attr;
  const { core, extensions } = schemasOf(kind);
  // A whole schema URN can arrive as the attribute name, or (from filter.ts's purely
  // syntactic parseAttributePath) split at its last colon: "urn:…:2.0" + "User".
  if (schema === undefined && /^urn:/i.test(attr)) {
    schema = attr;
    attr = "";
  } else if (schema !== undefined && path.sub === undefined) {
    const whole = `${schema}:${attr}`.toLowerCase();
    const named = [...extensions.map((e) => e.id), ...extensionKeys(resource)].find((u) => u.toLowerCase() === whole);
    if (named !== undefined) {
      schema = named;
      attr = "";
    }
  }
  // A bare name owned by exactly one extension (`manager`) means that extension's attribute.
  if (schema === undefined && attr !== "") schema = extensionOwning(kind, attr)?.id;
  if (schema === undefined || schema.toLowerCase() === core.id.toLowerCase()) {
    if (attr === "") return undefined;
    const def = findAttribute(coreAttributes(kind), attr);
    const key = findKey(resource, def?.name ?? attr);
    return { container: undefined, key: key ?? def?.name ?? attr, sub: path.sub, def };
  }
  const container = findKey(resource, schema) ?? extensions.find((e) => e.id.toLowerCase() === schema.toLowerCase())?.id;
  if (container === undefined) return undefined;
  if (attr === "") return { container, key: undefined, sub: undefined, def: undefined };
  const ext = extensions.find((e) => e.id.toLowerCase() === container.toLowerCase());
  const def = ext ? findAttribute(ext.attributes, attr) : undefined;
  const inner = resource[container];
  const key = isPlainObject(inner) ? findKey(inner, def?.name ?? attr) : undefined;
  return { container, key: key ?? def?.name ?? attr, sub: path.sub, def };
}

/** Picks `sub` out of a complex value or out of each element of a multi-valued one. */
function pickSub(value: unknown, sub: string): unknown {
  const pick = (el: unknown) => {
    if (!isPlainObject(el)) return undefined;
    const k = findKey(el, sub);
    return k === undefined ? undefined : { [k]: el[k] };
  };
  if (Array.isArray(value)) {
    const list = value.map(pick).filter((v) => v !== undefined);
    return list.length > 0 ? list : undefined;
  }
  return pick(value);
}

/** Merges a sub-selection into what is already selected (name.givenName + name.familyName). */
function mergeSelected(existing: unknown, add: unknown): unknown {
  if (existing === undefined) return add;
  if (isPlainObject(existing) && isPlainObject(add)) return { ...existing, ...add };
  if (Array.isArray(existing) && Array.isArray(add) && existing.length === add.length) {
    return existing.map((e, i) => mergeSelected(e, add[i]));
  }
  return add;
}

function dropUnreturnable(value: unknown, def: AttributeDef | undefined): unknown {
  if (!def?.subAttributes) return value;
  const hidden = def.subAttributes.filter((s) => s.returned === "never" || s.returned === "request");
  if (hidden.length === 0) return value;
  const strip = (el: unknown) => {
    if (!isPlainObject(el)) return el;
    const copy = { ...el };
    for (const s of hidden) {
      const k = findKey(copy, s.name);
      if (k !== undefined) delete copy[k];
    }
    return copy;
  };
  return Array.isArray(value) ? value.map(strip) : strip(value);
}

export type ProjectionOptions = {
  attributes?: readonly (ProjectionPath | string)[];
  excludedAttributes?: readonly (ProjectionPath | string)[];
};

/**
 * RFC 7644 §3.4.2.5: `attributes` replaces the default set (plus whatever is returned
 * "always": schemas and id); `excludedAttributes` removes from the default set but can not
 * remove "always" attributes. "never" attributes are never returned; "request" ones only when
 * named in `attributes`. Names are case-insensitive and may be URN-qualified.
 */
export function projectResource(resource: ScimResource, kind: ResourceKind, opts: ProjectionOptions): ScimResource {
  const custom = resource.schemas.filter((s) => typeof s === "string");
  const toPath = (p: ProjectionPath | string): ProjectionPath => (typeof p === "string" ? toAttrPath(p, custom) : p);
  const attributes = (opts.attributes ?? []).map(toPath).filter((p) => p.attr !== "" || p.schema !== undefined);
  const excluded = (opts.excludedAttributes ?? []).map(toPath);
  const defs = coreAttributes(kind);

  if (attributes.length > 0) {
    const out: ScimResource = { schemas: resource.schemas, id: resource.id };
    for (const def of defs) {
      if (def.returned === "always" && resource[def.name] !== undefined) out[def.name] = resource[def.name];
    }
    for (const path of attributes) {
      const t = resolveTarget(resource, kind, path);
      if (!t) continue;
      const source = t.container === undefined ? resource : resource[t.container];
      if (!isPlainObject(source)) continue;
      if (t.key === undefined) {
        out[t.container!] = source;
        continue;
      }
      if (t.def?.returned === "never") continue;
      let value = source[t.key];
      if (value === undefined) continue;
      // `emails[type eq "work"]`: the attribute with only the matching values.
      if (path.filter !== undefined) {
        if (!t.def?.multiValued || !Array.isArray(value)) continue;
        const filter = path.filter;
        const def = t.def;
        value = value.filter((el) => matchesValueFilter(filter, el, def));
        if ((value as unknown[]).length === 0) continue;
      }
      let selected: unknown;
      if (t.sub !== undefined) {
        if (findSubAttribute(t.def, t.sub)?.returned === "never") continue;
        selected = pickSub(value, t.sub);
      } else {
        selected = dropUnreturnable(value, t.def);
      }
      if (selected === undefined) continue;
      if (t.container === undefined) {
        out[t.key] = mergeSelected(out[t.key], selected);
      } else {
        const box = isPlainObject(out[t.container]) ? (out[t.container] as JsonObject) : {};
        box[t.key] = mergeSelected(box[t.key], selected);
        out[t.container] = box;
      }
    }
    return out;
  }

  const out: ScimResource = { ...resource };
  for (const def of defs) {
    if ((def.returned === "never" || def.returned === "request") && out[def.name] !== undefined) delete out[def.name];
  }
  for (const path of excluded) {
    const t = resolveTarget(out, kind, path);
    if (!t) continue;
    if (t.key === undefined) {
      delete out[t.container!];
      continue;
    }
    // `schemas` is not an attribute but is always returned (RFC 7644 §3.4.2.5).
    if (t.def?.returned === "always" || (t.container === undefined && t.key.toLowerCase() === "schemas")) continue;
    const holder = t.container === undefined ? out : out[t.container];
    if (!isPlainObject(holder) || holder[t.key] === undefined) continue;
    // Copy before editing: `out` is a shallow copy of the caller's resource.
    const box: JsonObject = t.container === undefined ? out : { ...holder };
    if (t.sub === undefined) {
      delete box[t.key];
    } else {
      if (findSubAttribute(t.def, t.sub)?.returned === "always") continue;
      const sub = t.sub;
      const strip = (el: unknown) => {
        if (!isPlainObject(el)) return el;
        const copy = { ...el };
        const k = findKey(copy, sub);
        if (k !== undefined) delete copy[k];
        return copy;
      };
      const v = box[t.key];
      box[t.key] = Array.isArray(v) ? v.map(strip) : strip(v);
    }
    if (t.container !== undefined) {
      if (Object.keys(box).length === 0) delete out[t.container];
      else out[t.container] = box;
    }
  }
  return out;
}
