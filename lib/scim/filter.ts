// RFC 7644 §3.4.2.2 filters, §3.4.2.3 sortBy paths and §3.5.2 PATCH paths: a hand-written
// tokenizer and recursive-descent parser (linear in the input, no backtracking regexes),
// and a resolver that checks every path against the attribute table in ./schema.
//
// Framework-free: db/filter-sql.ts turns a resolved Filter into SQL.
import { ScimError, type ScimType } from "./errors";
import {
  type AttributeDef,
  type ResourceKind,
  coreAttributes,
  extensionOwning,
  findAttribute,
  schemasOf,
  splitSchemaUrn,
} from "./schema";

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
export type FilterValue = string | number | boolean | null;
export type AttrPath = { schema: string | undefined; attr: string; sub: string | undefined };
export type Filter =
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  | { op: "pr"; path: AttrPath }
  | { op: CompareOp; path: AttrPath; value: FilterValue }
  | { op: "valuePath"; path: AttrPath; filter: Filter }; // inner paths are relative to the multi-valued attribute

/** Longest filter accepted. Real provider filters are well under 200 characters. */
export const MAX_FILTER_LENGTH = 4096;
/** Deepest nesting of parentheses, `not ( … )` and `attr[ … ]` accepted. */
export const MAX_FILTER_DEPTH = 32;

const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const ORDERING_OPS: ReadonlySet<string> = new Set<CompareOp>(["gt", "ge", "lt", "le"]);
// No SCIM attribute is named like an operator or keyword; refusing them as names turns
// `a eq "x" or or b pr` into a clear message instead of "unknown operator".
const RESERVED_WORDS: ReadonlySet<string> = new Set([...COMPARE_OPS, "pr", "and", "or", "not"]);
const SUBSTRING_OPS: ReadonlySet<string> = new Set<CompareOp>(["co", "sw", "ew"]);

function isCompareOp(op: string): op is CompareOp {
  return COMPARE_OPS.has(op);
}

// ---------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { kind: "word"; text: string; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "(" | ")" | "[" | "]" | "." | "end"; pos: number };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
// A word is an attribute path (with URN colons, version dots and sub-attribute dots) or a
// keyword/operator. "$" starts "$ref" (RFC 7643 §2.4).
const isWordStart = (c: number) => isAlpha(c) || c === 36;
const isWordChar = (c: number) => isAlpha(c) || isDigit(c) || c === 45 || c === 95 || c === 58 || c === 46 || c === 36;

/** Positions in messages are 1-based character offsets into the input. */
function fail(scimType: ScimType, pos: number, message: string): ScimError {
  return new ScimError(400, scimType, `${message} at position ${pos + 1}`);
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case "word":
      return `"${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}"`;
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "end":
      return "the end of the input";
    default:
      return `"${t.kind}"`;
  }
}

function tokenize(input: string, scimType: ScimType): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const ch = input[i];
    if (ch === "(" || ch === ")" || ch === "[" || ch === "]" || ch === ".") {
      tokens.push({ kind: ch, pos: i });
      i++;
    } else if (ch === '"') {
      i = readString(input, i, tokens, scimType);
    } else if (c === 45 || isDigit(c)) {
      i = readNumber(input, i, tokens, scimType);
    } else if (isWordStart(c)) {
      const start = i;
      while (i < n && isWordChar(input.charCodeAt(i))) i++;
      tokens.push({ kind: "word", text: input.slice(start, i), pos: start });
    } else if (ch === "'") {
      throw fail(scimType, i, "Values must be in double quotes, not single quotes");
    } else {
      const shown = c < 32 || c === 127 ? `\\u${c.toString(16).padStart(4, "0")}` : (ch ?? "");
      throw fail(scimType, i, `Unexpected character "${shown}"`);
    }
  }
  tokens.push({ kind: "end", pos: n });
  return tokens;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function hexValue(c: number): number {
  if (isDigit(c)) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** A JSON string (RFC 8259 §7), as RFC 7644 §3.4.2.2 requires for compValue. */
function readString(input: string, start: number, tokens: Token[], scimType: ScimType): number {
  const n = input.length;
  const parts: string[] = [];
  let i = start + 1;
  let runStart = i;
  while (i < n) {
    const c = input.charCodeAt(i);
    if (c === 34) {
      parts.push(input.slice(runStart, i));
      tokens.push({ kind: "string", value: parts.join(""), pos: start });
      return i + 1;
    }
    // Postgres text cannot hold NUL; refusing it here keeps it from becoming a 500.
    if (c === 0) throw fail(scimType, i, "NUL characters are not allowed in a value");
    if (c === 92) {
      parts.push(input.slice(runStart, i));
      const esc = input[i + 1];
      if (esc === undefined) break;
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) {
        parts.push(simple);
        i += 2;
      } else if (esc === "u") {
        let code = 0;
        for (let k = 2; k < 6; k++) {
          const h = hexValue(input.charCodeAt(i + k));
          if (h < 0) throw fail(scimType, i, "Invalid \\u escape (expected 4 hex digits)");
          code = code * 16 + h;
        }
        if (code === 0) throw fail(scimType, i, "NUL characters are not allowed in a value");
        parts.push(String.fromCharCode(code));
        i += 6;
      } else {
        throw fail(scimType, i, `Invalid escape "\\${esc}" in string`);
      }
      runStart = i;
      continue;
    }
    i++;
  }
  throw fail(scimType, start, "Unterminated string");
}

/** A JSON number (RFC 8259 §6). */
function readNumber(input: string, start: number, tokens: Token[], scimType: ScimType): number {
  const n = input.length;
  let i = start;
  const digits = () => {
    const from = i;
    while (i < n && isDigit(input.charCodeAt(i))) i++;
    return i - from;
  };
  if (input.charCodeAt(i) === 45) i++;
  const intStart = i;
  const intDigits = digits();
  if (intDigits === 0) throw fail(scimType, start, "Invalid number");
  if (intDigits > 1 && input.charCodeAt(intStart) === 48) throw fail(scimType, start, "Numbers must not have leading zeros");
  if (input.charCodeAt(i) === 46) {
    i++;
    if (digits() === 0) throw fail(scimType, start, "Invalid number (digits expected after \".\")");
  }
  const e = input.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = input.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (digits() === 0) throw fail(scimType, start, "Invalid number (digits expected in the exponent)");
  }
  if (i < n && isWordChar(input.charCodeAt(i))) throw fail(scimType, start, "Invalid number");
  const value = Number(input.slice(start, i));
  if (!Number.isFinite(value)) throw fail(scimType, start, "Number out of range");
  tokens.push({ kind: "number", value, pos: start });
  return i;
}

// ---------------------------------------------------------------------------------------
// Attribute paths: attrPath = [URI ":"] ATTRNAME *1subAttr (RFC 7644 §3.4.2.2)

/** ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7643 §2.1), plus "$ref". */
function isAttrName(name: string): boolean {
  if (name.length === 0) return false;
  let i = name.charCodeAt(0) === 36 ? 1 : 0;
  if (!isAlpha(name.charCodeAt(i))) return false;
  for (i++; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!(isAlpha(c) || isDigit(c) || c === 45 || c === 95)) return false;
  }
  return true;
}

function toAttrPath(text: string, pos: number, scimType: ScimType): AttrPath {
  let schema: string | undefined;
  let rest = text;
  if (text.slice(0, 4).toLowerCase() === "urn:") {
    // Attribute names never contain ":", so the schema URN is everything before the last one.
    const idx = text.lastIndexOf(":");
    schema = text.slice(0, idx);
    rest = text.slice(idx + 1);
    if (idx <= 3 || rest === "") throw fail(scimType, pos, `"${text}" names no attribute after its schema URN`);
  } else if (text.includes(":")) {
    throw fail(scimType, pos, `Invalid attribute path "${text}" (a schema URN starts with "urn:")`);
  }
  const dot = rest.indexOf(".");
  const attr = dot < 0 ? rest : rest.slice(0, dot);
  const sub = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!isAttrName(attr)) throw fail(scimType, pos, `Invalid attribute name "${attr}"`);
  if (sub !== undefined && !isAttrName(sub)) {
    throw fail(scimType, pos, `Invalid sub-attribute "${sub}" in "${text}" (one level of sub-attribute at most)`);
  }
  return { schema, attr, sub };
}

export function formatAttrPath(path: AttrPath): string {
  const name = path.sub === undefined ? path.attr : `${path.attr}.${path.sub}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

// ---------------------------------------------------------------------------------------
// Parser

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly scimType: ScimType,
  ) {}

  peek(offset = 0): Token {
    // The token list always ends with "end"; clamp so that lookahead past it stays there.
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private fail(t: Token, message: string): ScimError {
    return fail(this.scimType, t.pos, message);
  }

  private expect(kind: Token["kind"], what: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw this.fail(t, `Expected ${what} but found ${describeToken(t)}`);
    return t;
  }

  private isKeyword(t: Token, keyword: string): boolean {
    return t.kind === "word" && t.text.toLowerCase() === keyword;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_FILTER_DEPTH) throw this.fail(t, `Filter is nested more than ${MAX_FILTER_DEPTH} levels deep`);
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== "end") {
      const hint = t.kind === "word" ? ' (expected "and", "or" or the end of the filter)' : "";
      throw this.fail(t, `Unexpected ${describeToken(t)}${hint}`);
    }
  }

  // RFC 7644 §3.4.2.2: "and" binds tighter than "or"; both associate to the left.
  parseOr(inValuePath: boolean): Filter {
    let left = this.parseAnd(inValuePath);
    while (this.isKeyword(this.peek(), "or")) {
      this.next();
      left = { op: "or", left, right: this.parseAnd(inValuePath) };
    }
    return left;
  }

  private parseAnd(inValuePath: boolean): Filter {
    let left = this.parseUnary(inValuePath);
    while (this.isKeyword(this.peek(), "and")) {
      this.next();
      left = { op: "and", left, right: this.parseUnary(inValuePath) };
    }
    return left;
  }

  private parseUnary(inValuePath: boolean): Filter {
    const t = this.peek();
    if (this.isKeyword(t, "not") && this.peek(1).kind === "(") {
      this.next();
      const open = this.next();
      this.enter(open);
      const filter = this.parseOr(inValuePath);
      this.expect(")", `")" to close the "(" at position ${open.pos + 1}`);
      this.depth--;
      return { op: "not", filter };
    }
    if (t.kind === "(") {
      this.next();
      this.enter(t);
      const filter = this.parseOr(inValuePath);
      this.expect(")", `")" to close the "(" at position ${t.pos + 1}`);
      this.depth--;
      return filter;
    }
    if (this.isKeyword(t, "not")) throw this.fail(this.peek(1), 'Expected "(" after "not"');
    if (t.kind === "word") return this.parseAttrExp(inValuePath);
    if (t.kind === "end") throw this.fail(t, "Filter ends early: expected an attribute name");
    throw this.fail(t, `Expected an attribute name, "(" or "not (" but found ${describeToken(t)}`);
  }

  /** An attribute path token, checked and split. */
  attrPath(): AttrPath {
    const t = this.next();
    if (t.kind !== "word" || RESERVED_WORDS.has(t.text.toLowerCase())) {
      throw this.fail(t, `Expected an attribute name but found ${describeToken(t)}`);
    }
    return toAttrPath(t.text, t.pos, this.scimType);
  }

  /** `attr[ valFilter ]`, the "[" not yet consumed. */
  valueFilter(path: AttrPath, inValuePath: boolean): Filter {
    const open = this.next();
    if (inValuePath) throw this.fail(open, "Value filters cannot be nested");
    if (path.sub !== undefined) {
      throw this.fail(open, `A value filter must follow a multi-valued attribute, not "${formatAttrPath(path)}"`);
    }
    this.enter(open);
    const filter = this.parseOr(true);
    this.expect("]", `"]" to close the "[" at position ${open.pos + 1}`);
    this.depth--;
    return filter;
  }

  private parseAttrExp(inValuePath: boolean): Filter {
    const path = this.attrPath();
    if (this.peek().kind === "[") {
      const inner = this.valueFilter(path, inValuePath);
      if (this.peek().kind !== ".") return { op: "valuePath", path, filter: inner };
      // Not in the RFC 7644 filter grammar, but Microsoft Entra ID sends
      // `emails[type eq "work"].value eq "x"`: read it as "some element matches the bracket
      // filter and its sub-attribute compares", i.e. emails[type eq "work" and value eq "x"].
      const dot = this.next();
      const subTok = this.peek();
      const sub = this.attrPath();
      if (sub.schema !== undefined || sub.sub !== undefined) {
        throw this.fail(subTok, `Expected a sub-attribute name after "." at position ${dot.pos + 1}`);
      }
      return { op: "valuePath", path, filter: { op: "and", left: inner, right: this.operatorAndValue(sub) } };
    }
    return this.operatorAndValue(path);
  }

  private operatorAndValue(path: AttrPath): Filter {
    const t = this.next();
    if (t.kind !== "word") {
      throw this.fail(t, `Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "${formatAttrPath(path)}" but found ${describeToken(t)}`);
    }
    const op = t.text.toLowerCase();
    if (op === "pr") return { op: "pr", path };
    if (!isCompareOp(op)) {
      throw this.fail(t, `Unknown operator ${describeToken(t)} (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)`);
    }
    return { op, path, value: this.value(op) };
  }

  private value(op: CompareOp): FilterValue {
    const t = this.next();
    if (t.kind === "string" || t.kind === "number") return t.value;
    if (t.kind === "word") {
      const w = t.text.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
      throw this.fail(t, `Expected a value after "${op}" but found ${describeToken(t)} (strings must be in double quotes)`);
    }
    throw this.fail(t, `Expected a value after "${op}" (a "string", number, true, false or null) but found ${describeToken(t)}`);
  }
}

function checkInput(input: unknown, what: string, scimType: ScimType): string {
  if (typeof input !== "string") throw new ScimError(400, scimType, `The ${what} must be a string`);
  if (input.length > MAX_FILTER_LENGTH) {
    throw new ScimError(400, scimType, `The ${what} is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (input.trim() === "") throw new ScimError(400, scimType, `The ${what} is empty`);
  return input;
}

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2). Operators, `and`/`or`/`not`, `true`/`false`/`null`
 * and attribute names are case-insensitive; names keep the case they were given until
 * resolveFilter canonicalises them. Throws only ScimError(400, "invalidFilter").
 */
export function parseFilter(input: string): Filter {
  const text = checkInput(input, "filter", "invalidFilter");
  const parser = new Parser(tokenize(text, "invalidFilter"), "invalidFilter");
  const filter = parser.parseOr(false);
  parser.expectEnd();
  return filter;
}

/**
 * Parses one attribute path (`userName`, `name.givenName`, `urn:…:User:employeeNumber`), as
 * used by `sortBy`, `attributes` and `excludedAttributes`. Purely syntactic: a bare schema
 * URN such as `urn:…:enterprise:2.0:User` comes back as { schema: "urn:…:enterprise:2.0",
 * attr: "User" } and is recognised by resolveAttributePath.
 */
export function parseAttributePath(input: string, scimType: ScimType = "invalidValue"): AttrPath {
  const text = checkInput(input, "attribute path", scimType);
  const parser = new Parser(tokenize(text, scimType), scimType);
  const path = parser.attrPath();
  parser.expectEnd();
  return path;
}

/**
 * Parses a PATCH operation path (RFC 7644 §3.5.2): `attrPath`, `attr[filter]` or
 * `attr[filter].sub`. The filter's paths are relative to `attr` and not yet resolved.
 * Throws ScimError(400, "invalidPath") on bad syntax.
 */
export function parsePatchPath(input: string): { path: AttrPath; filter: Filter | undefined; subAttr: string | undefined } {
  const text = checkInput(input, "path", "invalidPath");
  const parser = new Parser(tokenize(text, "invalidPath"), "invalidPath");
  const path = parser.attrPath();
  let filter: Filter | undefined;
  let subAttr: string | undefined;
  if (parser.peek().kind === "[") {
    filter = parser.valueFilter(path, false);
    if (parser.peek().kind === ".") {
      parser.next();
      const sub = parser.attrPath();
      if (sub.schema !== undefined || sub.sub !== undefined) {
        throw new ScimError(400, "invalidPath", `Expected one sub-attribute name after "]." in "${text}"`);
      }
      subAttr = sub.attr;
    }
  }
  parser.expectEnd();
  return { path, filter, subAttr };
}

// ---------------------------------------------------------------------------------------
// Resolution against the attribute table (lib/scim/schema.ts)

/**
 * `schemas` (RFC 7643 §3) is on every resource but belongs to no schema, so the table does not
 * list it; RFC 7644 §3.4.2.2 still filters on it (`schemas eq "urn:…:enterprise:2.0:User"`).
 */
export const SCHEMAS_ATTRIBUTE: AttributeDef = {
  name: "schemas",
  type: "reference",
  multiValued: true,
  description: "The schema URIs the resource conforms to.",
  required: true,
  caseExact: false,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "none",
  referenceTypes: ["uri"],
};

/**
 * What a path refers to. `attribute` is the top-level attribute (for a path relative to a
 * value filter, the sub-attribute itself), `sub` the sub-attribute the path names, if any.
 * Attributes of a schema the table does not describe (a directory's extra extension
 * schemas) are untyped.
 */
export type AttributeInfo =
  | { typed: true; attribute: AttributeDef; sub: AttributeDef | undefined }
  | { typed: false };

type Located = { path: AttrPath; info: AttributeInfo };

// Derived when a resource is serialised (from the base URL or the ETag format), so there is
// nothing stored to compare them with.
const DERIVED_PATHS: ReadonlySet<string> = new Set(["meta.location", "meta.version", "groups.$ref", "members.$ref"]);

function invalidFilter(detail: string): ScimError {
  return new ScimError(400, "invalidFilter", detail);
}

/** Finds a path from the top of a resource; canonicalises names to the table's case. */
function locateTop(path: AttrPath, kind: ResourceKind, extraSchemas: readonly string[], scimType: ScimType): Located {
  const { core, extensions } = schemasOf(kind);
  const shown = formatAttrPath(path);
  const err = (detail: string) => new ScimError(400, scimType, detail);
  let attribute: AttributeDef | undefined;
  let schema: string | undefined;

  if (path.schema !== undefined) {
    const known = [core.id, ...extensions.map((e) => e.id), ...extraSchemas];
    if (path.sub === undefined && splitSchemaUrn(`${path.schema}:${path.attr}`, known).rest === "") {
      throw err(`"${shown}" names a schema, not an attribute`);
    }
    const lower = path.schema.toLowerCase();
    const canonical = known.find((k) => k.toLowerCase() === lower);
    if (canonical === undefined) throw err(`Unknown schema "${path.schema}" in "${shown}" for ${kind} resources`);
    const extension = extensions.find((e) => e.id === canonical);
    if (canonical === core.id) {
      attribute = path.attr.toLowerCase() === "schemas" ? SCHEMAS_ATTRIBUTE : findAttribute(coreAttributes(kind), path.attr);
    } else if (extension) {
      attribute = findAttribute(extension.attributes, path.attr);
      schema = extension.id;
    } else {
      // One of the directory's extra extension schemas: stored as sent, compared by value.
      return { path: { schema: canonical, attr: path.attr, sub: path.sub }, info: { typed: false } };
    }
  } else if (path.attr.toLowerCase() === "schemas") {
    attribute = SCHEMAS_ATTRIBUTE;
  } else {
    attribute = findAttribute(coreAttributes(kind), path.attr);
    // PingOne's documentation shows the user filter template `email Co "%s"`; there is no
    // "email" attribute (RFC 7643 §4.1.2 has "emails"), and a 400 there would break PingOne's
    // user matching, so "email" is read as "emails" (any email value).
    if (!attribute && kind === "User" && path.attr.toLowerCase() === "email") {
      attribute = findAttribute(coreAttributes(kind), "emails");
    }
    // Liberal reading: extension attributes should be URN-qualified, but an unambiguous bare
    // name (e.g. `employeeNumber`) is accepted.
    const owner = attribute ? undefined : extensionOwning(kind, path.attr);
    if (owner) {
      attribute = findAttribute(owner.attributes, path.attr);
      schema = owner.id;
    }
  }
  if (!attribute) throw err(`Unknown attribute "${shown}" for ${kind} resources`);

  let sub: AttributeDef | undefined;
  if (path.sub !== undefined) {
    if (attribute.type !== "complex" || attribute === SCHEMAS_ATTRIBUTE) {
      throw err(`"${attribute.name}" has no sub-attributes (in "${shown}")`);
    }
    sub = findAttribute(attribute.subAttributes ?? [], path.sub);
    if (!sub) throw err(`Unknown sub-attribute "${path.sub}" of "${attribute.name}"`);
  }
  return { path: { schema, attr: attribute.name, sub: sub?.name }, info: { typed: true, attribute, sub } };
}

/** Parent of the paths inside `attr[ … ]`; `attribute` undefined for an untyped one. */
type Parent = { name: string; attribute: AttributeDef | undefined };

function locate(path: AttrPath, kind: ResourceKind, extraSchemas: readonly string[], parent: Parent | undefined): Located {
  if (!parent) return locateTop(path, kind, extraSchemas, "invalidFilter");
  // RFC 7644 §3.4.2.2 valFilter: inside the brackets, names are the parent's sub-attributes.
  if (path.schema !== undefined || path.sub !== undefined) {
    throw invalidFilter(`Inside "${parent.name}[…]" use sub-attribute names of "${parent.name}", not "${formatAttrPath(path)}"`);
  }
  if (!parent.attribute) return { path, info: { typed: false } };
  const sub = findAttribute(parent.attribute.subAttributes ?? [], path.attr);
  if (!sub) throw invalidFilter(`Unknown sub-attribute "${path.attr}" of "${parent.name}"`);
  return { path: { schema: undefined, attr: sub.name, sub: undefined }, info: { typed: true, attribute: sub, sub: undefined } };
}

function checkFilterable(located: Located, parent: Parent | undefined): void {
  if (!located.info.typed) return;
  const { attribute, sub } = located.info;
  const name = parent ? `${parent.name}.${attribute.name}` : formatAttrPath({ ...located.path, schema: undefined });
  // RFC 7643 §7: a returned:"never" attribute (password) must not leak, not even through a
  // filter that tells whether it matches.
  if (attribute.returned === "never" || sub?.returned === "never") {
    throw invalidFilter(`"${name}" is never returned and cannot be used in a filter`);
  }
  if (DERIVED_PATHS.has(name)) throw invalidFilter(`"${name}" is computed for responses and cannot be used in a filter`);
}

/** YYYY-MM-DD[Thh:mm[:ss[.frac]]][Z|±hh[:]mm] (RFC 3339 / xsd:dateTime, RFC 7643 §2.3.5). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A dateTime in the form Postgres parses as timestamptz without surprises, or undefined.
 * A value without offset is taken as UTC so that results do not depend on the database
 * session's time zone.
 */
function normaliseDateTime(value: string): string | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let offset = "+00:00";
  if (zone !== "Z" && zone !== "z") {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return undefined;
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.length > 2 ? digits.slice(2) : "00"}`;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`;
}

function coerceValue(op: CompareOp, value: FilterValue, target: AttributeDef | undefined, shown: string): FilterValue {
  if (value === null) {
    if (op !== "eq" && op !== "ne") throw invalidFilter(`"${op}" cannot compare "${shown}" with null (use "pr", "eq null" or "ne null")`);
    return null;
  }
  if (!target) {
    if (ORDERING_OPS.has(op) && typeof value === "boolean") throw invalidFilter(`"${op}" cannot compare with a boolean`);
    return value;
  }
  switch (target.type) {
    case "boolean": {
      // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean is invalidFilter; co/sw/ew mean nothing either.
      if (op !== "eq" && op !== "ne") throw invalidFilter(`"${op}" cannot be used on the boolean attribute "${shown}"`);
      if (typeof value === "boolean") return value;
      // Microsoft Entra ID sends booleans as "True"/"False" strings; accept them here too.
      const lower = typeof value === "string" ? value.toLowerCase() : "";
      if (lower === "true" || lower === "false") return lower === "true";
      throw invalidFilter(`"${shown}" is boolean: compare it with true or false`);
    }
    case "integer":
    case "decimal": {
      if (SUBSTRING_OPS.has(op)) throw invalidFilter(`"${op}" cannot be used on the numeric attribute "${shown}"`);
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw invalidFilter(`"${shown}" is a number: compare it with a number`);
      return n;
    }
    case "dateTime": {
      if (SUBSTRING_OPS.has(op)) throw invalidFilter(`"${op}" cannot be used on the dateTime attribute "${shown}"`);
      const normalised = typeof value === "string" ? normaliseDateTime(value) : undefined;
      if (normalised === undefined) {
        throw invalidFilter(`"${shown}" is a dateTime: compare it with a string such as "2011-05-13T04:42:34Z", not ${JSON.stringify(value)}`);
      }
      return normalised;
    }
    case "binary":
      // RFC 7644 §3.4.2.2: ordering a binary attribute is invalidFilter.
      if (ORDERING_OPS.has(op)) throw invalidFilter(`"${op}" cannot be used on the binary attribute "${shown}"`);
      return String(value);
    default:
      return typeof value === "string" ? value : String(value);
  }
}

function resolveNode(f: Filter, kind: ResourceKind, extraSchemas: readonly string[], parent: Parent | undefined): Filter {
  switch (f.op) {
    case "and":
    case "or":
      return {
        op: f.op,
        left: resolveNode(f.left, kind, extraSchemas, parent),
        right: resolveNode(f.right, kind, extraSchemas, parent),
      };
    case "not":
      return { op: "not", filter: resolveNode(f.filter, kind, extraSchemas, parent) };
    case "valuePath": {
      if (parent) throw invalidFilter(`Value filters cannot be nested (inside "${parent.name}[…]")`);
      const shown = formatAttrPath(f.path);
      if (f.path.sub !== undefined) throw invalidFilter(`A value filter must follow a multi-valued attribute, not "${shown}"`);
      const located = locateTop(f.path, kind, extraSchemas, "invalidFilter");
      checkFilterable(located, undefined);
      let attribute: AttributeDef | undefined;
      if (located.info.typed) {
        attribute = located.info.attribute;
        if (attribute.type !== "complex" || attribute === SCHEMAS_ATTRIBUTE) {
          throw invalidFilter(`"${attribute.name}" has no sub-attributes, so "${shown}[…]" cannot filter its values`);
        }
      }
      const inner = resolveNode(f.filter, kind, extraSchemas, { name: located.path.attr, attribute });
      return { op: "valuePath", path: located.path, filter: inner };
    }
    case "pr": {
      const located = locate(f.path, kind, extraSchemas, parent);
      checkFilterable(located, parent);
      return { op: "pr", path: located.path };
    }
    default: {
      let located = locate(f.path, kind, extraSchemas, parent);
      const shown = formatAttrPath(f.path);
      let target = located.info.typed ? (located.info.sub ?? located.info.attribute) : undefined;
      if (target?.type === "complex" && target !== SCHEMAS_ATTRIBUTE) {
        const value = target.multiValued ? findAttribute(target.subAttributes ?? [], "value") : undefined;
        if (!value) {
          const example = target.subAttributes?.[0]?.name ?? "value";
          throw invalidFilter(`"${shown}" is a complex attribute: compare one of its sub-attributes, e.g. "${target.name}.${example}"`);
        }
        // RFC 7644 §3.4.2.2 (`emails co "example.com"`): a multi-valued attribute compared
        // without a sub-attribute compares its "value".
        located = { path: { ...located.path, sub: value.name }, info: { typed: true, attribute: target, sub: value } };
        target = value;
      }
      checkFilterable(located, parent);
      return { op: f.op, path: located.path, value: coerceValue(f.op, f.value, target, shown) };
    }
  }
}

/**
 * Checks a parsed filter against the attribute table and returns it with canonical names:
 * core and common attributes without schema, extension attributes with their schema URN,
 * a multi-valued attribute compared without sub-attribute rewritten to its `value`, values
 * coerced to the attribute's type (dateTimes normalised with an explicit offset).
 * `extraSchemas` are extension URNs the directory accepts beyond the table; their
 * attributes are untyped. Throws ScimError(400, "invalidFilter") naming the problem.
 */
export function resolveFilter(filter: Filter, kind: ResourceKind, extraSchemas: readonly string[] = []): Filter {
  return resolveNode(filter, kind, extraSchemas, undefined);
}

/** Checks one attribute path (sortBy, attributes) and canonicalises it like resolveFilter. */
export function resolveAttributePath(
  path: AttrPath,
  kind: ResourceKind,
  extraSchemas: readonly string[] = [],
  scimType: ScimType = "invalidValue",
): AttrPath {
  return locateTop(path, kind, extraSchemas, scimType).path;
}

/**
 * What a resolved top-level path refers to, for the SQL translation. A schema URN the table
 * does not know gives an untyped attribute.
 */
export function describeAttributePath(path: AttrPath, kind: ResourceKind): AttributeInfo {
  return locateTop(path, kind, path.schema === undefined ? [] : [path.schema], "invalidFilter").info;
}
