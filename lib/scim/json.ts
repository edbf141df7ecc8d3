// The two JSON helpers every part of the SCIM core needs (resources, PATCH, value filters),
// in a module of their own so that those can share them without importing each other.

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Finds the key of `obj` that matches `name` case-insensitively (RFC 7643 §2.1). */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}
