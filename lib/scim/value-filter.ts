// Value filters (RFC 7644 §3.4.2.2 `attr[...]`) evaluated against the elements of one
// multi-valued attribute in memory: PATCH paths (`emails[type eq "work"].value`) and the
// `attributes` projection (`attributes=emails[type eq "work"]`). Filters over whole
// resources are compiled to SQL instead (db/filter-sql.ts).
import { badRequest } from "./errors";
import type { AttrPath, Filter } from "./filter";
import { findKey, isPlainObject } from "./json";
import { findSubAttribute, type AttributeDef } from "./schema";

function elementValue(el: unknown, name: string): unknown {
  if (!isPlainObject(el)) return name.toLowerCase() === "value" ? el : undefined;
  const k = findKey(el, name);
  return k === undefined ? undefined : el[k];
}

export function filterSubDef(def: AttributeDef, path: AttrPath): AttributeDef {
  if (path.sub !== undefined || path.schema !== undefined) {
    throw badRequest("invalidFilter", `Filter paths inside "${def.name}[…]" must be plain sub-attribute names.`);
  }
  const sub = findSubAttribute(def, path.attr);
  if (!sub) throw badRequest("invalidFilter", `"${def.name}" has no sub-attribute "${path.attr}".`);
  return sub;
}

export function compareValues(op: string, actual: unknown, expected: unknown, sub: AttributeDef): boolean {
  if (op === "eq" || op === "ne") {
    let eq: boolean;
    if (expected === null) eq = actual === undefined || actual === null;
    else if (typeof actual === "string" && typeof expected === "string") {
      eq = sub.caseExact ? actual === expected : actual.toLowerCase() === expected.toLowerCase();
    } else eq = actual === expected;
    return op === "eq" ? eq : !eq;
  }
  if (op === "co" || op === "sw" || op === "ew") {
    if (typeof actual !== "string" || typeof expected !== "string") return false;
    const a = sub.caseExact ? actual : actual.toLowerCase();
    const e = sub.caseExact ? expected : expected.toLowerCase();
    return op === "co" ? a.includes(e) : op === "sw" ? a.startsWith(e) : a.endsWith(e);
  }
  let a: number | string;
  let e: number | string;
  if (typeof actual === "number" && typeof expected === "number") [a, e] = [actual, expected];
  else if (typeof actual === "string" && typeof expected === "string") {
    if (sub.type === "dateTime") [a, e] = [Date.parse(actual), Date.parse(expected)];
    else [a, e] = sub.caseExact ? [actual, expected] : [actual.toLowerCase(), expected.toLowerCase()];
  } else return false;
  switch (op) {
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    default:
      return a <= e;
  }
}

/** Whether one element of the multi-valued attribute `def` matches a value filter (`type eq "work"`). */
export function matchesValueFilter(filter: Filter, el: unknown, def: AttributeDef): boolean {
  switch (filter.op) {
    case "and":
      return matchesValueFilter(filter.left, el, def) && matchesValueFilter(filter.right, el, def);
    case "or":
      return matchesValueFilter(filter.left, el, def) || matchesValueFilter(filter.right, el, def);
    case "not":
      return !matchesValueFilter(filter.filter, el, def);
    case "valuePath":
      throw badRequest("invalidFilter", "Value filters cannot be nested.");
    case "pr": {
      const v = elementValue(el, filterSubDef(def, filter.path).name);
      return v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
    }
    default: {
      const sub = filterSubDef(def, filter.path);
      return compareValues(filter.op, elementValue(el, sub.name), filter.value, sub);
    }
  }
}

