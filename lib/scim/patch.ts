// PATCH (RFC 7644 §3.5.2): parse the PatchOp message and apply it to stored data.
//
// The engine works on a deep copy and re-validates the result through the same rules as a
// POST body, so a failing operation leaves nothing half-applied. Group membership never
// touches `data`: it comes out as set operations the domain layer runs in SQL, without ever
// loading the member list.
import { badRequest } from "./errors";
import { parsePatchPath, type AttrPath, type Filter } from "./filter";
import { compareValues, filterSubDef, matchesValueFilter } from "./value-filter";
import {
  extensionKeys,
  findKey,
  isForbiddenKey,
  isPlainObject,
  jsonEqual,
  normalizeAttributeValue,
  normalizeResourceData,
  parseMembers,
  sanitizeJson,
  type JsonObject,
} from "./resources";
import {
  PATCH_OP_SCHEMA,
  coreAttributes,
  extensionOwning,
  findAttribute,
  findSubAttribute,
  schemasOf,
  type AttributeDef,
  type ResourceKind,
  type SchemaDef,
} from "./schema";

export type PatchOpName = "add" | "remove" | "replace";
export type PatchOperation = { op: PatchOpName; path?: string; value?: unknown };

export type MembershipOp =
  | { kind: "add"; ids: string[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "replace"; ids: string[] };

export type PatchResult = { data: JsonObject; membership: MembershipOp[]; changed: boolean };

/** More operations than any provider sends in one request; bounds the work per request. */
export const MAX_PATCH_OPERATIONS = 1000;

// ---------------------------------------------------------------------------------------
// The PatchOp message

/**
 * Reads a PatchOp body (RFC 7644 §3.5.2). Op names are accepted in any case (Entra sends
 * "Replace", some clients "ADD"); a missing `schemas` is tolerated, a wrong one is not.
 */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw badRequest("invalidSyntax", "The PATCH body must be a JSON object.");
  const schemasKey = findKey(body, "schemas");
  if (schemasKey !== undefined && body[schemasKey] !== null) {
    const schemas = body[schemasKey];
    const ok =
      Array.isArray(schemas) &&
      schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase());
    if (!ok) throw badRequest("invalidSyntax", `"schemas" must contain ${PATCH_OP_SCHEMA}.`);
  }
  const opsKey = findKey(body, "Operations");
  const ops = opsKey === undefined ? undefined : body[opsKey];
  if (!Array.isArray(ops) || ops.length === 0) {
    throw badRequest("invalidSyntax", '"Operations" must be a non-empty array of PATCH operations.');
  }
  if (ops.length > MAX_PATCH_OPERATIONS) {
    throw badRequest("tooMany", `At most ${MAX_PATCH_OPERATIONS} operations are accepted in one PATCH request.`);
  }
  return ops.map((raw, i) => {
    if (!isPlainObject(raw)) throw badRequest("invalidSyntax", `Operations[${i}] must be an object.`);
    const opKey = findKey(raw, "op");
    const name = opKey === undefined ? undefined : raw[opKey];
    const op = typeof name === "string" ? name.trim().toLowerCase() : undefined;
    if (op !== "add" && op !== "remove" && op !== "replace") {
      throw badRequest("invalidSyntax", `Operations[${i}].op must be "add", "remove" or "replace".`);
    }
    const pathKey = findKey(raw, "path");
    const path = pathKey === undefined ? undefined : raw[pathKey];
    if (path !== undefined && path !== null && typeof path !== "string") {
      throw badRequest("invalidPath", `Operations[${i}].path must be a string.`);
    }
    const valueKey = findKey(raw, "value");
    const value = valueKey === undefined ? undefined : raw[valueKey];
    // RFC 7644 §3.5.2.1, §3.5.2.3: add and replace carry a value.
    if (op !== "remove" && value === undefined) {
      throw badRequest("invalidValue", `Operations[${i}] (${op}) has no "value".`);
    }
    const out: PatchOperation = { op };
    if (typeof path === "string" && path.trim() !== "") out.path = path.trim();
    if (value !== undefined) out.value = value;
    return out;
  });
}

// ---------------------------------------------------------------------------------------
// Resolving a path against the attribute table

type Resolved =
  /** Silently accepted and dropped: never stored (RFC 7643 §4.1.1 returned "never"). */
  | { t: "password" }
  /** Path-less value keys that PUT would ignore too (Okta sends `id` with a rename). */
  | { t: "ignore" }
  | { t: "members"; filter: Filter | undefined; hasSub: boolean }
  /** A whole extension object, addressed by its URN. */
  | { t: "extension"; urn: string; schema: SchemaDef | undefined }
  | {
      t: "attr";
      /** URN key of the extension holding the attribute; undefined for core attributes. */
      container: string | undefined;
      /** undefined: an attribute of an unknown (custom) extension, kept as given. */
      def: AttributeDef | undefined;
      name: string;
      filter: Filter | undefined;
      /** The sub-attribute addressed (`name.givenName`, `emails[…].value`). */
      sub: string | undefined;
      subDef: AttributeDef | undefined;
    };

type Ctx = { kind: ResourceKind; data: JsonObject; membership: MembershipOp[] };

const invalidPath = (detail: string) => badRequest("invalidPath", detail);

function checkName(name: string | undefined, path: string) {
  if (name !== undefined && isForbiddenKey(name)) throw invalidPath(`"${path}" names a forbidden attribute.`);
}

function checkFilterNames(filter: Filter, path: string) {
  switch (filter.op) {
    case "and":
    case "or":
      checkFilterNames(filter.left, path);
      checkFilterNames(filter.right, path);
      return;
    case "not":
      checkFilterNames(filter.filter, path);
      return;
    case "valuePath":
      checkName(filter.path.attr, path);
      checkName(filter.path.sub, path);
      checkFilterNames(filter.filter, path);
      return;
    default:
      checkName(filter.path.attr, path);
      checkName(filter.path.sub, path);
  }
}

/**
 * Resolves a PATCH path. `lenient` is set for the keys of a path-less value object, which
 * are read like a partial resource: unknown and readOnly attributes are ignored there
 * (RFC 7644 §3.5.1 semantics; Okta sends `{id, displayName}` to rename a group), while an
 * explicit `path` naming them is an error.
 */
function resolvePath(ctx: Ctx, input: string, lenient: boolean): Resolved {
  const { core, extensions } = schemasOf(ctx.kind);
  const lower = input.toLowerCase();
  const urns = [core.id, ...extensions.map((e) => e.id), ...extensionKeys(ctx.data)].sort((a, b) => b.length - a.length);

  let schema: string | undefined;
  let parsed: { path: AttrPath; filter: Filter | undefined; subAttr: string | undefined } | undefined;
  for (const urn of urns) {
    const u = urn.toLowerCase();
    if (lower === u) {
      if (u === core.id.toLowerCase()) throw invalidPath(`"${input}" names a whole resource, not an attribute.`);
      return { t: "extension", urn: canonicalUrn(ctx, urn), schema: extensions.find((e) => e.id.toLowerCase() === u) };
    }
    if (lower.startsWith(`${u}:`)) {
      // URNs contain dots ("2.0"), so the schema prefix is split off before the parser sees it.
      schema = urn;
      parsed = parsePatchPath(input.slice(urn.length + 1));
      break;
    }
  }
  if (!parsed) {
    parsed = parsePatchPath(input);
    schema = parsed.path.schema;
  }
  const { path, filter, subAttr } = parsed;
  if (path.schema !== undefined && schema !== path.schema) {
    throw invalidPath(`"${input}" is not a valid attribute path.`);
  }
  checkName(path.attr, input);
  checkName(path.sub, input);
  checkName(subAttr, input);
  if (filter) checkFilterNames(filter, input);
  if (path.sub !== undefined && filter) throw invalidPath(`"${input}" is not a valid attribute path.`);
  const sub = path.sub ?? subAttr;
  // Entra's documented "Add manager": `"path": "manager"`, no schema URN.
  if (schema === undefined) schema = extensionOwning(ctx.kind, path.attr)?.id;

  let container: string | undefined;
  let def: AttributeDef | undefined;
  if (schema === undefined || schema.toLowerCase() === core.id.toLowerCase()) {
    def = findAttribute(coreAttributes(ctx.kind), path.attr);
    if (!def) {
      if (lenient) return { t: "ignore" };
      throw invalidPath(`"${input}" does not name an attribute of a ${ctx.kind}.`);
    }
    if (def.returned === "never") return { t: "password" };
    if (ctx.kind === "Group" && def.name === "members") return { t: "members", filter, hasSub: sub !== undefined };
  } else {
    const ext = extensions.find((e) => e.id.toLowerCase() === schema.toLowerCase());
    container = canonicalUrn(ctx, schema);
    if (ext) {
      def = findAttribute(ext.attributes, path.attr);
      if (!def) {
        if (lenient) return { t: "ignore" };
        throw invalidPath(`"${input}" does not name an attribute of ${ext.id}.`);
      }
    } else {
      // A custom extension (PingOne can be configured to send any URN): naming it in a path
      // declares it, and its content is kept as given.
      if (filter) throw invalidPath(`"${input}": value filters need a known multi-valued attribute.`);
      const box = ctx.data[container];
      const name = (isPlainObject(box) ? findKey(box, path.attr) : undefined) ?? path.attr;
      return { t: "attr", container, def: undefined, name, filter: undefined, sub, subDef: undefined };
    }
  }

  // RFC 7644 §3.5.2: readOnly attributes (id, meta, groups) can not be written.
  if (def.mutability === "readOnly") {
    if (lenient) return { t: "ignore" };
    throw badRequest("mutability", `"${def.name}" is read-only.`);
  }
  if (filter && !def.multiValued) throw invalidPath(`"${input}": a value filter needs a multi-valued attribute.`);
  let subDef: AttributeDef | undefined;
  if (sub !== undefined) {
    subDef = findSubAttribute(def, sub);
    if (!subDef) {
      if (lenient) return { t: "ignore" };
      throw invalidPath(`"${input}": "${def.name}" has no sub-attribute "${sub}".`);
    }
    if (subDef.mutability === "readOnly") {
      if (lenient) return { t: "ignore" };
      throw badRequest("mutability", `"${def.name}.${subDef.name}" is read-only.`);
    }
  }
  return { t: "attr", container, def, name: def.name, filter, sub: subDef?.name, subDef };
}

/** The key an extension is (or will be) stored under: the existing key, else the canonical URN. */
function canonicalUrn(ctx: Ctx, urn: string): string {
  const existing = findKey(ctx.data, urn);
  if (existing !== undefined) return existing;
  const known = schemasOf(ctx.kind).extensions.find((e) => e.id.toLowerCase() === urn.toLowerCase());
  return known?.id ?? urn;
}

// ---------------------------------------------------------------------------------------
// Value filters (./value-filter) seed new elements on add

/**
 * The element a filter describes, when it is made only of `eq` comparisons joined by `and`
 * (`emails[type eq "work"]` → { type: "work" }). Used to create the element on `add` when
 * none matches — PingOne and Entra add `emails[type eq "work"].value` to users without one.
 */
function seedFromFilter(filter: Filter, def: AttributeDef): JsonObject | undefined {
  if (filter.op === "and") {
    const l = seedFromFilter(filter.left, def);
    const r = seedFromFilter(filter.right, def);
    return l && r ? { ...l, ...r } : undefined;
  }
  if (filter.op === "eq" && filter.value !== null) {
    return { [filterSubDef(def, filter.path).name]: filter.value };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Applying operations

function holderOf(ctx: Ctx, container: string | undefined, create: boolean): JsonObject | undefined {
  if (container === undefined) return ctx.data;
  const box = ctx.data[container];
  if (isPlainObject(box)) return box;
  if (!create) return undefined;
  const fresh: JsonObject = {};
  ctx.data[container] = fresh;
  return fresh;
}

/** Multi-valued attributes with a `primary` sub-attribute: a newly written primary wins. */
function preferPrimary(list: unknown[], chosen: readonly unknown[]) {
  if (!chosen.some((el) => isPlainObject(el) && el.primary === true)) return;
  for (const el of list) {
    if (isPlainObject(el) && !chosen.includes(el) && el.primary === true) el.primary = false;
  }
}

/** Two elements of a multi-valued attribute are "the same value" (RFC 7644 §3.5.2.1 add). */
function sameElement(a: unknown, b: unknown, def: AttributeDef): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return jsonEqual(a, b);
  if (a.value === undefined || b.value === undefined) return jsonEqual(a, b);
  const valueDef = findSubAttribute(def, "value");
  const ctx = valueDef ?? def;
  const typeDef = findSubAttribute(def, "type");
  const sameType = typeDef ? compareValues("eq", a.type ?? null, b.type ?? null, typeDef) || (a.type === undefined && b.type === undefined) : true;
  return compareValues("eq", a.value, b.value, ctx) && sameType;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function checkImmutable(def: AttributeDef, existing: unknown, label: string) {
  // RFC 7643 §2.2: an immutable attribute may be set once, when it has no value.
  if (def.mutability === "immutable" && existing !== undefined) {
    throw badRequest("mutability", `"${label}" is immutable and already has a value.`);
  }
}

function applyAttr(ctx: Ctx, op: PatchOpName, r: Extract<Resolved, { t: "attr" }>, value: unknown) {
  const label = r.container ? `${r.container}:${r.name}` : r.name;
  if (!r.def) return applyCustom(ctx, op, r, value, label);
  const def = r.def;

  if (op === "remove") {
    const holder = holderOf(ctx, r.container, false);
    if (!holder || holder[r.name] === undefined) return;
    if (!r.filter && r.sub === undefined) {
      // RFC 7644 §3.5.2.2: a required attribute can not be removed.
      if (def.required) throw badRequest("mutability", `"${label}" is required and can not be removed.`);
      if (def.multiValued && Array.isArray(holder[r.name]) && value !== undefined && value !== null) {
        // Removing listed values from a multi-valued attribute (the members form, applied to
        // every multi-valued attribute): only those values go, never the whole attribute.
        const gone = asList(normalizeAttributeValue(def, value, label));
        holder[r.name] = (holder[r.name] as unknown[]).filter((el) => !gone.some((g) => sameElement(el, g, def)));
        return;
      }
      delete holder[r.name];
      return;
    }
    if (def.multiValued) {
      const list = asList(holder[r.name]);
      const hit = (el: unknown) => !r.filter || matchesValueFilter(r.filter, el, def);
      if (r.sub === undefined) {
        holder[r.name] = list.filter((el) => !hit(el));
      } else {
        for (const el of list) if (hit(el) && isPlainObject(el)) delete el[r.sub];
      }
      return;
    }
    const obj = holder[r.name];
    if (isPlainObject(obj) && r.sub !== undefined) delete obj[r.sub];
    return;
  }

  if (r.sub !== undefined && r.subDef) {
    const subValue = normalizeAttributeValue(r.subDef, value, `${label}.${r.subDef.name}`);
    const holder = holderOf(ctx, r.container, true)!;
    if (def.multiValued) {
      const list = asList(holder[r.name]);
      const targets = list.filter((el) => isPlainObject(el) && (!r.filter || matchesValueFilter(r.filter, el, def))) as JsonObject[];
      if (targets.length === 0) {
        // RFC 7644 §3.5.2.3: a replace whose filter matches nothing is an error …
        if (op === "replace" && r.filter) throw badRequest("noTarget", `No value of "${label}" matches the filter.`);
        // … while add (and replace without a filter) creates the element the path describes.
        const seed = r.filter ? seedFromFilter(r.filter, def) : {};
        if (!seed) throw badRequest("noTarget", `No value of "${label}" matches the filter, and it does not describe one to create.`);
        const el: JsonObject = { ...seed };
        if (subValue !== undefined) el[r.sub] = subValue;
        list.push(el);
        targets.push(el);
      } else {
        for (const el of targets) {
          checkImmutable(r.subDef, el[r.sub], `${label}.${r.sub}`);
          if (subValue === undefined) delete el[r.sub];
          else el[r.sub] = subValue;
        }
      }
      holder[r.name] = list;
      if (r.sub === "primary") preferPrimary(list, targets);
      return;
    }
    const obj = isPlainObject(holder[r.name]) ? (holder[r.name] as JsonObject) : {};
    checkImmutable(r.subDef, obj[r.sub], `${label}.${r.sub}`);
    if (subValue === undefined) delete obj[r.sub];
    else obj[r.sub] = subValue;
    holder[r.name] = obj;
    return;
  }

  const holder = holderOf(ctx, r.container, true)!;
  const existing = holder[r.name];

  if (r.filter) {
    // `emails[type eq "work"]` with an element as the value.
    const single = { ...def, multiValued: false };
    const element = normalizeAttributeValue(single, value, label);
    if (!isPlainObject(element)) throw badRequest("invalidValue", `"${label}" needs an object value.`);
    const list = asList(existing);
    const filter = r.filter;
    const hits = list.filter((el) => matchesValueFilter(filter, el, def));
    if (hits.length === 0) {
      if (op === "replace") throw badRequest("noTarget", `No value of "${label}" matches the filter.`);
      const seed = seedFromFilter(filter, def);
      if (!seed) throw badRequest("noTarget", `No value of "${label}" matches the filter, and it does not describe one to create.`);
      const el = { ...seed, ...element };
      list.push(el);
      holder[r.name] = list;
      preferPrimary(list, [el]);
      return;
    }
    const replaced = list.map((el) => {
      if (!hits.includes(el)) return el;
      // add merges into the matching element; replace swaps it (RFC 7644 §3.5.2.3).
      return op === "add" && isPlainObject(el) ? { ...el, ...element } : { ...element };
    });
    holder[r.name] = replaced;
    preferPrimary(
      replaced,
      replaced.filter((_, i) => hits.includes(list[i])),
    );
    return;
  }

  // Microsoft Entra ID's documented "Add manager" sends the single-valued `manager` as a
  // one-element list: `"value": [{"$ref": null, "value": "<id>"}]`.
  const single =
    !def.multiValued && def.type === "complex" && Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  const nv = normalizeAttributeValue(def, single, label);
  checkImmutable(def, existing, label);
  if (def.multiValued) {
    const incoming = asList(nv);
    if (op === "replace") {
      if (incoming.length === 0) delete holder[r.name];
      else holder[r.name] = incoming;
      return;
    }
    const list = asList(existing);
    const added: unknown[] = [];
    for (const el of incoming) {
      const same = list.find((old) => sameElement(old, el, def));
      if (same === undefined) {
        list.push(el);
        added.push(el);
      } else if (isPlainObject(same) && isPlainObject(el)) {
        Object.assign(same, el);
        added.push(same);
      }
    }
    if (list.length > 0) holder[r.name] = list;
    preferPrimary(list, added);
    return;
  }
  if (nv === undefined) {
    // add with null adds nothing; replace with null clears (RFC 7643 §2.5: null is unassigned).
    if (op === "replace") delete holder[r.name];
    return;
  }
  if (def.type === "complex" && isPlainObject(nv) && isPlainObject(existing)) {
    // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not in the value are left unchanged.
    holder[r.name] = { ...existing, ...nv };
    return;
  }
  holder[r.name] = nv;
}

/** An attribute of an unknown extension: no table to validate against, so kept as given. */
function applyCustom(ctx: Ctx, op: PatchOpName, r: Extract<Resolved, { t: "attr" }>, value: unknown, label: string) {
  if (op === "remove") {
    const holder = holderOf(ctx, r.container, false);
    if (!holder) return;
    if (r.sub === undefined) delete holder[r.name];
    else if (isPlainObject(holder[r.name])) {
      const obj = holder[r.name] as JsonObject;
      const k = findKey(obj, r.sub);
      if (k !== undefined) delete obj[k];
    }
    return;
  }
  const v = sanitizeJson(value, label);
  const holder = holderOf(ctx, r.container, true)!;
  if (r.sub === undefined) {
    if (v === null) delete holder[r.name];
    else holder[r.name] = v;
    return;
  }
  const obj = isPlainObject(holder[r.name]) ? (holder[r.name] as JsonObject) : {};
  if (v === null) delete obj[r.sub];
  else obj[r.sub] = v;
  holder[r.name] = obj;
}

function memberIds(value: unknown): string[] {
  return (parseMembers(value) ?? []).map((m) => m.value);
}

/** `members[value eq "a" or value eq "b"]` → ["a", "b"]; any other shape is refused. */
function idsFromMemberFilter(filter: Filter): string[] {
  if (filter.op === "or") return [...idsFromMemberFilter(filter.left), ...idsFromMemberFilter(filter.right)];
  if (
    filter.op === "eq" &&
    filter.path.schema === undefined &&
    filter.path.sub === undefined &&
    filter.path.attr.toLowerCase() === "value" &&
    typeof filter.value === "string"
  ) {
    return [filter.value];
  }
  throw badRequest(
    "invalidFilter",
    'Members can be selected only by id: members[value eq "<id>"], optionally joined with "or".',
  );
}

function applyMembers(ctx: Ctx, op: PatchOpName, r: Extract<Resolved, { t: "members" }>, value: unknown) {
  if (r.hasSub) throw invalidPath("Member sub-attributes can not be patched; add or remove the member instead.");
  if (op === "remove") {
    if (r.filter) {
      ctx.membership.push({ kind: "remove", ids: idsFromMemberFilter(r.filter) });
    } else if (value === undefined || value === null) {
      ctx.membership.push({ kind: "removeAll" });
    } else {
      // Entra's older form (and JumpCloud's): remove only the members listed in the value.
      // Ignoring the value here would empty the group — a real, reported outage.
      ctx.membership.push({ kind: "remove", ids: memberIds(value) });
    }
    return;
  }
  if (r.filter) throw invalidPath(`"${op}" on members takes the path "members", without a filter.`);
  const ids = memberIds(value);
  ctx.membership.push(op === "add" ? { kind: "add", ids } : { kind: "replace", ids });
}

function applyExtension(ctx: Ctx, op: PatchOpName, r: Extract<Resolved, { t: "extension" }>, value: unknown) {
  if (op === "remove") {
    delete ctx.data[r.urn];
    return;
  }
  if (value === null) {
    if (op === "replace") delete ctx.data[r.urn];
    return;
  }
  if (!isPlainObject(value)) throw badRequest("invalidValue", `"${r.urn}" needs an object value.`);
  // Each key is one attribute of the extension, set like a path-less value's keys.
  for (const [key, v] of Object.entries(value)) {
    if (isForbiddenKey(key)) throw invalidPath(`"${key}" is a forbidden attribute name.`);
    applyOp(ctx, op, `${r.urn}:${key}`, v, true);
  }
}

function applyOp(ctx: Ctx, op: PatchOpName, path: string, value: unknown, lenient: boolean) {
  const r = resolvePath(ctx, path, lenient);
  switch (r.t) {
    case "password":
    case "ignore":
      return;
    case "members":
      return applyMembers(ctx, op, r, value);
    case "extension":
      return applyExtension(ctx, op, r, value);
    case "attr":
      return applyAttr(ctx, op, r, value);
  }
}

/**
 * A path-less add or replace: the value is a partial resource whose keys may be plain names,
 * dotted sub-attribute paths or URN-qualified paths (Entra: `{"name.givenName": "x",
 * "urn:…:enterprise:2.0:User:employeeNumber": "1"}`; Okta: `{"active": false}`).
 */
function applyPathless(ctx: Ctx, op: PatchOpName, value: unknown) {
  if (!isPlainObject(value)) {
    throw badRequest("invalidValue", `A path-less "${op}" needs an object value (RFC 7644 §3.5.2).`);
  }
  const { core, extensions } = schemasOf(ctx.kind);
  const knownUrns = [core.id, ...extensions.map((e) => e.id)];
  for (const [key, v] of Object.entries(value)) {
    if (isForbiddenKey(key)) throw invalidPath(`"${key}" is a forbidden attribute name.`);
    const lower = key.toLowerCase();
    if (lower === "schemas") continue;
    if (lower === core.id.toLowerCase()) {
      // Core attributes wrapped in their own schema URN.
      applyPathless(ctx, op, v);
      continue;
    }
    const namesSchema = [...knownUrns, ...extensionKeys(ctx.data)].some((u) => u.toLowerCase() === lower);
    const qualifiesKnown = knownUrns.some((u) => lower.startsWith(`${u.toLowerCase()}:`));
    if (/^urn:/i.test(key) && !namesSchema && !qualifiesKnown && isPlainObject(v)) {
      // A whole custom extension object under its URN.
      applyExtension(ctx, op, { t: "extension", urn: canonicalUrn(ctx, key), schema: undefined }, v);
      continue;
    }
    applyOp(ctx, op, key, v, true);
  }
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource's stored data. All or nothing:
 * the input is never modified, and any ScimError leaves the caller with nothing to write.
 */
export function applyPatch(kind: ResourceKind, current: { data: JsonObject }, ops: readonly PatchOperation[]): PatchResult {
  const ctx: Ctx = { kind, data: structuredClone(current.data), membership: [] };
  for (const { op, path, value } of ops) {
    if (path === undefined) {
      // RFC 7644 §3.5.2.2: remove needs a target.
      if (op === "remove") throw badRequest("noTarget", 'A "remove" operation needs a "path".');
      applyPathless(ctx, op, value);
    } else {
      applyOp(ctx, op, path, value, false);
    }
  }
  // Re-validate the result through the rules of a POST body: types, required attributes,
  // canonical case, at most one primary, empty values dropped.
  const data = normalizeResourceData(kind, ctx.data);
  return { data, membership: ctx.membership, changed: !jsonEqual(current.data, data) };
}

