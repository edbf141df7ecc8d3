// What may enter the SCIM core at all, before any attribute is looked at: the bytes of a
// request body, the JSON they hold, and the text inside it. One place, so that a body, a
// Bulk operation's data, a PATCH value, a SearchRequest and a query parameter are held to the
// same rules (RFC 7644 §3.12: refused with 400, never stored altered, never a 500).
//
// Why these rules:
// - Postgres text cannot hold U+0000 (the driver's error surfaced as a 500), and a lone UTF-16
//   surrogate ("\ud800" in JSON) has no UTF-8 form: the driver would store U+FFFD instead,
//   silently changing the provider's data. Other control characters are never part of a
//   name, address or identifier; TAB, LF and CR are (RFC 7643 §4.1.2's `formatted` address
//   is multi-line).
// - A body that is not UTF-8 (RFC 8259 §8.1 requires it) would otherwise be decoded with
//   replacement characters and stored changed.
// - Nesting deeper than any SCIM message needs only costs recursion.
import { ScimError, badRequest, type ScimType } from "./errors";

/** Deepest nesting of arrays/objects a request body may have (a PatchOp is about 6). */
export const MAX_JSON_DEPTH = 32;

// C0 controls except TAB, LF, CR; DEL; C1 controls.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` may not be stored, or undefined when it may. */
export function textProblem(text: string): string | undefined {
  const control = CONTROL_CHARACTER.exec(text);
  if (control) return `contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  if (LONE_SURROGATE.test(text)) return "contains an unpaired UTF-16 surrogate (not a Unicode character)";
  return undefined;
}

/** Throws 400 (`scimType`, invalidValue by default) when `text` may not be stored. */
export function checkText(text: string, label: string, scimType: ScimType = "invalidValue"): void {
  const problem = textProblem(text);
  if (problem) throw badRequest(scimType, `${label} ${problem}.`);
}

/** The number of bytes `text` takes in UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a request body; bytes that are not UTF-8 → 400 invalidSyntax (never U+FFFD). */
export function decodeBody(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest("invalidSyntax", "The request body is not valid UTF-8 (RFC 8259 §8.1).");
  }
}

/**
 * Parses a request body's JSON and checks every key and string in it (see the top of the
 * file). Not JSON → 400 invalidSyntax; too deep or bad text → 400 invalidValue.
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // V8 throws a RangeError (not a SyntaxError) for nesting deep enough to exhaust its stack.
    if (error instanceof ScimError) throw error;
    throw badRequest("invalidSyntax", "The request body is not valid JSON.");
  }
  checkJson(value, "The request body", 0);
  return value;
}

function checkJson(value: unknown, label: string, depth: number): void {
  if (typeof value === "string") {
    checkText(value, `A string in ${label}`);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth >= MAX_JSON_DEPTH) throw badRequest("invalidValue", `${label} is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  if (Array.isArray(value)) {
    for (const v of value) checkJson(v, label, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    checkText(k, `An attribute name in ${label}`);
    checkJson(v, label, depth + 1);
  }
}

/** Every name and value of a query string, held to the same text rules as a body. */
export function checkQuery(query: URLSearchParams): void {
  for (const [k, v] of query) {
    checkText(k, "A query parameter name");
    checkText(v, `The query parameter "${k}"`);
  }
}
