// Resolved SCIM filters (lib/scim/filter.ts) → one SQL condition over directory_users or
// directory_groups, and sortBy → ORDER BY. Every filter value is a bound parameter.
//
// Storage (db/schema.ts): indexed columns for id, externalId, userName, displayName, active,
// meta.created and meta.lastModified; everything else in the `data` JSONB in canonical
// attribute case, extension attributes under their schema URN; group membership only in
// group_members. The caller adds `directory_id = …`; membership subqueries match on
// directory_id themselves.
import { type SQL, sql } from "drizzle-orm";
import { ScimError } from "@/lib/scim/errors";
import {
  type AttrPath,
  type AttributeInfo,
  type CompareOp,
  type Filter,
  type FilterValue,
  SCHEMAS_ATTRIBUTE,
  describeAttributePath,
  formatAttrPath,
  resolveAttributePath,
} from "@/lib/scim/filter";
import { type AttributeDef, type ResourceKind, findAttribute, schemasOf } from "@/lib/scim/schema";
import { directoryGroups, directoryUsers, groupMembers, userEmailValues } from "./schema";

type Op = CompareOp | "pr";
type SortOrder = "ascending" | "descending";

/**
 * The SQL side of one attribute value.
 * - text: a text expression (NULL when absent); compared case-insensitively unless caseExact.
 * - uuid: a uuid column (ids); a value that is not a uuid matches nothing instead of failing.
 * - bool / time: boolean and timestamptz expressions.
 * - json: a jsonb value; `def` gives its type, undefined for an untyped extension attribute.
 */
type Operand =
  | { kind: "text"; expr: SQL; caseExact: boolean }
  | { kind: "uuid"; expr: SQL }
  | { kind: "bool"; expr: SQL }
  | { kind: "time"; expr: SQL }
  | { kind: "json"; expr: SQL; def: AttributeDef | undefined };

/** Where the paths of a (sub-)filter are resolved. */
type Scope =
  | { kind: "root" }
  // Inside `attr[ … ]` over JSONB: `elem` is one element, `parent` its attribute definition.
  | { kind: "element"; elem: SQL; parent: AttributeDef | undefined }
  // Inside users' `groups[ … ]` or groups' `members[ … ]`: one group_members row.
  | { kind: "membership" };

// Every parameter is sent as text and cast in SQL: drivers serialise a parameter by the type
// the server infers for it (postgres-js turns the string "true" into false for a boolean),
// and text is the one type every driver passes through unchanged.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COMPARATORS: Record<"eq" | "gt" | "ge" | "lt" | "le", SQL> = {
  eq: sql.raw("="),
  gt: sql.raw(">"),
  ge: sql.raw(">="),
  lt: sql.raw("<"),
  le: sql.raw("<="),
};

function invalid(detail: string): ScimError {
  return new ScimError(400, "invalidFilter", detail);
}

function comparator(op: CompareOp): SQL {
  if (op === "eq" || op === "gt" || op === "ge" || op === "lt" || op === "le") return COMPARATORS[op];
  throw invalid(`"${op}" is not an ordering operator`);
}

/** LIKE pattern for co/sw/ew with %, _ and the escape character itself taken literally. */
function likePattern(op: "co" | "sw" | "ew", value: string): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return op === "co" ? `%${escaped}%` : op === "sw" ? `${escaped}%` : `%${escaped}`;
}

/**
 * A JSONB key as a SQL literal. Keys are attribute names from the table or names that passed
 * the filter grammar (letters, digits, "-", "_", "$", and ":"/"." in schema URNs), never filter
 * values; literals keep the statement short and let expression indexes on data->'…' apply.
 */
function jsonKey(name: string): SQL {
  if (!/^[A-Za-z0-9_$:.-]+$/.test(name)) throw invalid(`Invalid attribute name "${name}"`);
  return sql.raw(`'${name}'`);
}

/** The jsonb value as text: strings unquoted, numbers and booleans as written, JSON null → NULL. */
const jsonText = (expr: SQL) => sql`(${expr} #>> '{}')`;

/** A jsonb boolean, also the strings "true"/"false" that sloppy clients store. */
const jsonBool = (expr: SQL) =>
  sql`(case jsonb_typeof(${expr}) when 'boolean' then (${expr})::boolean when 'string' then (case lower(${expr} #>> '{}') when 'true' then true when 'false' then false end) end)`;

const jsonNumber = (expr: SQL) => sql`(case when jsonb_typeof(${expr}) = 'number' then (${expr})::numeric end)`;

/**
 * The elements of a multi-valued attribute as a set. A single object or scalar counts as a
 * one-element list, so a client that sent `"emails": {…}` is still matched.
 */
const jsonElements = (expr: SQL) =>
  sql`jsonb_array_elements(case when ${expr} is null then '[]'::jsonb when jsonb_typeof(${expr}) = 'array' then ${expr} else jsonb_build_array(${expr}) end)`;

/** RFC 7644 §3.4.2.2 "pr": has a non-empty value (not null, "", [] or {}). */
function present(o: Operand): SQL {
  switch (o.kind) {
    case "text":
      return sql`(${o.expr} is not null and ${o.expr} <> '')`;
    case "json":
      return sql`(${o.expr} is not null and ${o.expr} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb))`;
    default:
      return sql`(${o.expr} is not null)`;
  }
}

function compareText(expr: SQL, caseExact: boolean, op: CompareOp, value: string): SQL {
  const left = caseExact ? expr : sql`lower(${expr})`;
  if (op === "co" || op === "sw" || op === "ew") {
    const pattern = likePattern(op, value);
    const right = caseExact ? sql`${pattern}::text` : sql`lower(${pattern}::text)`;
    return sql`(${left} like ${right} escape '\\')`;
  }
  const right = caseExact ? sql`${value}::text` : sql`lower(${value}::text)`;
  // Ordering is by code point ("no specific locale implied", RFC 7644 §3.4.2.3), the same on
  // every database whatever its default collation.
  if (op !== "eq") return sql`(${left} collate "C" ${comparator(op)} ${right})`;
  return sql`(${left} = ${right})`;
}

/** Compares an operand with a non-null value; "ne" and "eq null" are handled by the caller. */
function compare(o: Operand, op: CompareOp, value: string | number | boolean): SQL {
  switch (o.kind) {
    case "text":
      return compareText(o.expr, o.caseExact, op, String(value));
    case "uuid": {
      const text = String(value);
      if (op === "eq") return UUID.test(text) ? sql`(${o.expr} = ${text}::text::uuid)` : sql`false`;
      return compareText(sql`${o.expr}::text`, false, op, text);
    }
    case "bool":
      if (op !== "eq" || typeof value !== "boolean") throw invalid(`"${op}" cannot compare a boolean`);
      return sql`(${o.expr} = ${String(value)}::text::boolean)`;
    case "time":
      return sql`(${o.expr} ${comparator(op)} ${String(value)}::text::timestamptz)`;
    case "json":
      return compareJson(o.expr, o.def, op, value);
  }
}

function compareJson(expr: SQL, def: AttributeDef | undefined, op: CompareOp, value: string | number | boolean): SQL {
  if (op === "co" || op === "sw" || op === "ew") return compareText(jsonText(expr), def?.caseExact ?? false, op, String(value));
  // Untyped (extra-schema) attributes compare by the type of the filter value.
  const type = def?.type ?? (typeof value === "boolean" ? "boolean" : typeof value === "number" ? "decimal" : "string");
  switch (type) {
    case "boolean":
      if (typeof value !== "boolean") return compareText(jsonText(expr), false, op, String(value));
      return sql`(${jsonBool(expr)} = ${String(value)}::text::boolean)`;
    case "integer":
    case "decimal":
      return sql`(${jsonNumber(expr)} ${comparator(op)} ${String(value)}::text::numeric)`;
    case "dateTime":
      // Only meta.created/lastModified are dateTimes in the table and they are columns; a
      // JSONB dateTime compares as ISO-8601 text rather than risk a cast error on bad data.
      return compareText(jsonText(expr), true, op, String(value));
    default:
      return compareText(jsonText(expr), def?.caseExact ?? false, op, String(value));
  }
}

/** One leaf: `pr`, or a comparison, with "ne" as NOT eq and "eq null" as NOT pr. */
function leaf(o: Operand, op: Op, value: FilterValue): SQL {
  if (op === "pr") return present(o);
  if (op === "ne") return sql`((${leaf(o, "eq", value)}) is not true)`;
  if (value === null) {
    if (op !== "eq") throw invalid(`"${op}" cannot compare with null`);
    return sql`((${present(o)}) is not true)`;
  }
  return compare(o, op, value);
}

type Table = typeof directoryUsers | typeof directoryGroups;

/** The terms of a filter's top-level `and` chain. */
function conjuncts(f: Filter): Filter[] {
  return f.op === "and" ? [...conjuncts(f.left), ...conjuncts(f.right)] : [f];
}

class Compiler {
  private aliases = 0;
  private readonly table: Table;

  constructor(private readonly kind: ResourceKind) {
    this.table = kind === "User" ? directoryUsers : directoryGroups;
  }

  private alias(): SQL {
    return sql.raw(`e${++this.aliases}`);
  }

  compile(f: Filter, scope: Scope): SQL {
    switch (f.op) {
      case "and":
        return sql`(${this.compile(f.left, scope)} and ${this.compile(f.right, scope)})`;
      case "or":
        return sql`(${this.compile(f.left, scope)} or ${this.compile(f.right, scope)})`;
      case "not":
        // A missing attribute makes the inner condition NULL; NOT must still be true then.
        return sql`((${this.compile(f.filter, scope)}) is not true)`;
      case "valuePath":
        return this.valuePath(f.path, f.filter, scope);
      case "pr":
        return this.attribute(f.path, "pr", null, scope);
      default:
        return this.attribute(f.path, f.op, f.value, scope);
    }
  }

  private attribute(path: AttrPath, op: Op, value: FilterValue, scope: Scope): SQL {
    // Multi-valued attributes: "ne" means no element equals, "eq null" that none has a value.
    if (op === "ne") return sql`((${this.attribute(path, "eq", value, scope)}) is not true)`;
    if (op === "eq" && value === null) return sql`((${this.attribute(path, "pr", null, scope)}) is not true)`;
    if (scope.kind === "element") {
      const def = scope.parent ? findAttribute(scope.parent.subAttributes ?? [], path.attr) : undefined;
      return leaf({ kind: "json", expr: sql`(${scope.elem} -> ${jsonKey(path.attr)})`, def }, op, value);
    }
    if (scope.kind === "membership") return leaf(this.membershipOperand(path.attr), op, value);

    if (this.isMembership(path)) {
      if (op === "pr" && path.sub === undefined) return this.membershipExists(sql`true`);
      return this.membershipExists(leaf(this.membershipOperand(path.sub ?? "value"), op, value));
    }
    const info = describeAttributePath(path, this.kind);
    if (info.typed && info.attribute === SCHEMAS_ATTRIBUTE) return this.schemas(op, value);
    const column = this.columnOperand(path, info);
    if (column) return leaf(column, op, value);

    const attrExpr = this.jsonAttribute(path);
    if (!info.typed) {
      // Untyped: a scalar, an object or a list of either; compare any element.
      if (op === "pr" && path.sub === undefined) return present({ kind: "json", expr: attrExpr, def: undefined });
      return this.anyElement(attrExpr, (e) =>
        leaf({ kind: "json", expr: path.sub === undefined ? e : sql`(${e} -> ${jsonKey(path.sub)})`, def: undefined }, op, value),
      );
    }
    const { attribute, sub } = info;
    if (attribute.multiValued) {
      if (op === "pr" && sub === undefined) return present({ kind: "json", expr: attrExpr, def: attribute });
      const any = this.anyElement(attrExpr, (e) =>
        leaf(sub ? { kind: "json", expr: sql`(${e} -> ${jsonKey(sub.name)})`, def: sub } : { kind: "json", expr: e, def: attribute }, op, value),
      );
      return sub?.name === "value" && op === "eq" ? this.withEmailIndex(path, value, any) : any;
    }
    const expr = sub ? sql`(${attrExpr} -> ${jsonKey(sub.name)})` : attrExpr;
    return leaf({ kind: "json", expr, def: sub ?? attribute }, op, value);
  }

  private valuePath(path: AttrPath, inner: Filter, scope: Scope): SQL {
    if (scope.kind !== "root") throw invalid("Value filters cannot be nested");
    if (this.isMembership(path)) return this.membershipExists(this.compile(inner, { kind: "membership" }));
    const info = describeAttributePath(path, this.kind);
    const parent = info.typed ? info.attribute : undefined;
    const any = this.anyElement(this.jsonAttribute(path), (elem) => this.compile(inner, { kind: "element", elem, parent }));
    // `emails[type eq "work" and value eq "…"]` (and Entra's `emails[type eq "work"].value eq`).
    const valueEq = conjuncts(inner).find(
      (f): f is Extract<Filter, { value: FilterValue }> =>
        f.op === "eq" && "path" in f && f.path.attr.toLowerCase() === "value" && f.path.sub === undefined,
    );
    return valueEq ? this.withEmailIndex(path, valueEq.value, any) : any;
  }

  /**
   * An equality on a user's email value, ANDed with the candidates that
   * directory_users_email_values_idx finds for it (containment in the lower-cased email
   * values): the index finds the few candidate rows and the exact (one-element) condition
   * only confirms them. Without it, `emails eq "…"` — PingOne's lookup when its user
   * identifier is workEmail — reads and unnests every user's JSON in the directory. The
   * containment is implied by the exact condition, so adding it never changes which rows
   * match. The candidates are an array of ids found first, then looked up by primary key in
   * the directory: ANDed as a plain condition, a generic plan also built a bitmap of the
   * whole directory to intersect with them (3 ms of database time per lookup at 100,000
   * users).
   */
  private withEmailIndex(path: AttrPath, value: FilterValue, exact: SQL): SQL {
    const isEmails = this.kind === "User" && path.schema === undefined && path.attr === "emails";
    if (!isEmails || typeof value !== "string") return exact;
    const candidates = sql`select ce.id from ${directoryUsers} ce where ${userEmailValues(sql`ce.data`)} @> jsonb_build_array(lower(${value}::text))`;
    return sql`(${this.table.id} = any(array(${candidates})) and ${exact})`;
  }

  /** EXISTS over the elements of a jsonb list: the whole condition must hold for ONE element. */
  private anyElement(list: SQL, condition: (elem: SQL) => SQL): SQL {
    const alias = this.alias();
    const elem = sql`${alias}.v`;
    return sql`exists (select 1 from ${jsonElements(list)} as ${alias}(v) where ${condition(elem)})`;
  }

  private jsonAttribute(path: AttrPath): SQL {
    const data = this.table.data;
    const base = path.schema === undefined ? sql`${data}` : sql`(${data} -> ${jsonKey(path.schema)})`;
    return sql`(${base} -> ${jsonKey(path.attr)})`;
  }

  private columnOperand(path: AttrPath, info: AttributeInfo): Operand | undefined {
    if (!info.typed || path.schema !== undefined) return undefined;
    const target = info.sub ?? info.attribute;
    const t = this.table;
    if (path.attr === "meta" && path.sub === "resourceType") {
      return { kind: "text", expr: sql`${this.kind}::text`, caseExact: true };
    }
    switch (target.column) {
      case "id":
        return { kind: "uuid", expr: sql`${t.id}` };
      case "externalId":
        return { kind: "text", expr: sql`${t.externalId}`, caseExact: target.caseExact };
      case "displayName":
        return { kind: "text", expr: sql`${t.displayName}`, caseExact: target.caseExact };
      case "userName":
        // lower(user_name) = lower($1) is what the unique index directory_users_user_name_key holds.
        return this.kind === "User" ? { kind: "text", expr: sql`${directoryUsers.userName}`, caseExact: target.caseExact } : undefined;
      case "active":
        return this.kind === "User" ? { kind: "bool", expr: sql`${directoryUsers.active}` } : undefined;
      case "created":
        return { kind: "time", expr: sql`${t.createdAt}` };
      case "lastModified":
        return { kind: "time", expr: sql`${t.updatedAt}` };
      default:
        return undefined;
    }
  }

  /** Users' `groups` and groups' `members` live in group_members, not in the JSONB. */
  private isMembership(path: AttrPath): boolean {
    if (path.schema !== undefined) return false;
    return (this.kind === "User" && path.attr === "groups") || (this.kind === "Group" && path.attr === "members");
  }

  /** One group_members row of this resource, joined to the group (users) or user (groups). */
  private membershipExists(condition: SQL): SQL {
    if (this.kind === "User") {
      return sql`exists (select 1 from ${groupMembers} join ${directoryGroups} on ${directoryGroups.directoryId} = ${groupMembers.directoryId} and ${directoryGroups.id} = ${groupMembers.groupId} where ${groupMembers.directoryId} = ${directoryUsers.directoryId} and ${groupMembers.userId} = ${directoryUsers.id} and ${condition})`;
    }
    return sql`exists (select 1 from ${groupMembers} join ${directoryUsers} on ${directoryUsers.directoryId} = ${groupMembers.directoryId} and ${directoryUsers.id} = ${groupMembers.userId} where ${groupMembers.directoryId} = ${directoryGroups.directoryId} and ${groupMembers.groupId} = ${directoryGroups.id} and ${condition})`;
  }

  private membershipOperand(sub: string): Operand {
    const isUser = this.kind === "User";
    switch (sub) {
      case "value":
        return { kind: "uuid", expr: isUser ? sql`${groupMembers.groupId}` : sql`${groupMembers.userId}` };
      case "display":
        return isUser
          ? { kind: "text", expr: sql`${directoryGroups.displayName}`, caseExact: false }
          : { kind: "text", expr: sql`coalesce(${directoryUsers.displayName}, ${directoryUsers.userName})`, caseExact: false };
      case "type":
        // Memberships are direct (no nested groups) and members are users.
        return { kind: "text", expr: isUser ? sql`'direct'::text` : sql`'User'::text`, caseExact: false };
      default:
        throw invalid(`"${isUser ? "groups" : "members"}.${sub}" cannot be used in a filter`);
    }
  }

  /**
   * `schemas` is not stored: a resource has its core schema plus every extension URN it holds
   * data under (and any `schemas` list a client stored).
   */
  private schemas(op: Op, value: FilterValue): SQL {
    if (op === "pr") return sql`true`;
    const data = this.table.data;
    const core = schemasOf(this.kind).core.id;
    const alias = this.alias();
    const s = sql`${alias}.s`;
    const urns = sql`select ${core}::text union all select jsonb_object_keys(case when jsonb_typeof(${data}) = 'object' then ${data} else '{}'::jsonb end) union all select jsonb_array_elements_text(case when jsonb_typeof(${data} -> 'schemas') = 'array' then ${data} -> 'schemas' else '[]'::jsonb end)`;
    return sql`exists (select 1 from (${urns}) as ${alias}(s) where lower(${s}) like 'urn:%' and ${leaf({ kind: "text", expr: s, caseExact: false }, op, value)})`;
  }

  sortKey(sortBy: AttrPath): SQL {
    // Canonicalised here too, so that a sortBy that was only parsed still finds its JSONB key.
    const path = resolveAttributePath(sortBy, this.kind, sortBy.schema === undefined ? [] : [sortBy.schema]);
    const info = describeAttributePath(path, this.kind);
    const shown = formatAttrPath(path);
    const unsortable = () => new ScimError(400, "invalidValue", `Cannot sort by "${shown}"`);
    if (this.isMembership(path) || (info.typed && info.attribute === SCHEMAS_ATTRIBUTE)) throw unsortable();
    if (info.typed && (info.attribute.returned === "never" || info.sub?.returned === "never")) throw unsortable();
    if (path.attr === "meta" && path.sub === "resourceType") return sql`null::text`;
    const column = this.columnOperand(path, info);
    if (column) return sortExpression(column);

    const attrExpr = this.jsonAttribute(path);
    if (!info.typed) {
      return sortExpression({ kind: "json", expr: path.sub === undefined ? attrExpr : sql`(${attrExpr} -> ${jsonKey(path.sub)})`, def: undefined });
    }
    const { attribute, sub } = info;
    if (attribute.multiValued) {
      // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else the first.
      const subDef = sub ?? findAttribute(attribute.subAttributes ?? [], "value");
      if (!subDef) throw unsortable();
      const alias = this.alias();
      const e = sql`${alias}.v`;
      const key = sortExpression({ kind: "json", expr: sql`(${e} -> ${jsonKey(subDef.name)})`, def: subDef });
      return sql`(select ${key} from ${jsonElements(attrExpr)} with ordinality as ${alias}(v, n) order by (${jsonBool(sql`(${e} -> 'primary')`)}) is true desc, ${alias}.n limit 1)`;
    }
    if (attribute.type === "complex" && !sub) throw unsortable();
    return sortExpression({ kind: "json", expr: sub ? sql`(${attrExpr} -> ${jsonKey(sub.name)})` : attrExpr, def: sub ?? attribute });
  }

  order(path: AttrPath | undefined, order: SortOrder): SQL {
    // RFC 7644 §3.4.2.3: resources without a value sort last ascending, first descending.
    const direction = order === "descending" ? sql.raw("desc nulls first") : sql.raw("asc nulls last");
    const idDirection = order === "descending" ? sql.raw("desc") : sql.raw("asc");
    // Without sortBy: creation order, the index directory_*_created_idx.
    const key = path ? this.sortKey(path) : sql`${this.table.createdAt}`;
    return sql`${key} ${direction}, ${this.table.id} ${idDirection}`;
  }
}

/** Case-insensitive, code-point ordered text unless caseExact; typed values as themselves. */
function sortExpression(o: Operand): SQL {
  switch (o.kind) {
    case "text":
      return o.caseExact ? sql`(${o.expr} collate "C")` : sql`(lower(${o.expr}) collate "C")`;
    case "json": {
      const type = o.def?.type ?? "string";
      if (type === "boolean") return jsonBool(o.expr);
      if (type === "integer" || type === "decimal") return jsonNumber(o.expr);
      const text = jsonText(o.expr);
      return o.def?.caseExact || type === "dateTime" ? sql`(${text} collate "C")` : sql`(lower(${text}) collate "C")`;
    }
    default:
      return o.expr;
  }
}

/** WHERE condition for directory_users; the caller adds `directory_id = …`. */
export function userFilterSql(filter: Filter): SQL {
  return new Compiler("User").compile(filter, { kind: "root" });
}

/** WHERE condition for directory_groups; the caller adds `directory_id = …`. */
export function groupFilterSql(filter: Filter): SQL {
  return new Compiler("Group").compile(filter, { kind: "root" });
}

/**
 * ORDER BY list (without the keywords) for directory_users: the sortBy key, then id as a
 * stable tie-break. Without a path: creation order.
 */
export function userSortSql(path: AttrPath | undefined, order: SortOrder): SQL {
  return new Compiler("User").order(path, order);
}

/** ORDER BY list (without the keywords) for directory_groups; see userSortSql. */
export function groupSortSql(path: AttrPath | undefined, order: SortOrder): SQL {
  return new Compiler("Group").order(path, order);
}

