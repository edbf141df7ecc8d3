import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { MAX_PAGE_SIZE, decodeCursor, encodeCursor, listResponse, parseListParams, splitAttributeList } from "./list";
import { LIST_RESPONSE_SCHEMA, SEARCH_REQUEST_SCHEMA } from "./schema";

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

const q = (s: string) => parseListParams(new URLSearchParams(s));

describe("parseListParams", () => {
  it("defaults", () => {
    expect(q("")).toEqual({
      startIndex: 1,
      count: 100,
      countGiven: false,
      sortOrder: "ascending",
      attributes: [],
      excludedAttributes: [],
    });
  });

  it("reads Okta's connection test and lookup", () => {
    expect(q("startIndex=1&count=2")).toMatchObject({ startIndex: 1, count: 2, countGiven: true });
    expect(q('filter=userName%20eq%20%22a%40b%22&startIndex=1&count=100')).toMatchObject({ filter: 'userName eq "a@b"' });
  });

  it("clamps startIndex and count (RFC 7644 §3.4.2.4)", () => {
    expect(q("startIndex=0").startIndex).toBe(1);
    expect(q("startIndex=-5").startIndex).toBe(1);
    expect(q("count=-1").count).toBe(0);
    expect(q("count=0").count).toBe(0);
    expect(q("count=100000").count).toBe(MAX_PAGE_SIZE);
  });

  it.each(["startIndex=abc", "startIndex=1.5", "count=ten", "count=2e3", "sortOrder=sideways"])("rejects %s with 400 invalidValue", (s) => {
    const err = scimError(() => q(s));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe("invalidValue");
  });

  it("tolerates parameter names in any case", () => {
    expect(q("startindex=3&Count=7&SORTBY=userName&sortorder=Descending")).toMatchObject({
      startIndex: 3,
      count: 7,
      sortBy: "userName",
      sortOrder: "descending",
    });
  });

  it("splits attributes and excludedAttributes (Entra: excludedAttributes=members)", () => {
    const p = q("attributes=userName,%20name.givenName,&excludedAttributes=members");
    expect(p.attributes).toEqual(["userName", "name.givenName"]);
    expect(p.excludedAttributes).toEqual(["members"]);
  });

  it("treats an empty filter as no filter", () => {
    expect(q("filter=").filter).toBeUndefined();
  });

  it("reads cursors (RFC 9865): empty means start, startIndex=1 tolerated, more is not", () => {
    expect(q("cursor=").cursor).toBe("");
    expect(q("cursor=abc&count=10")).toMatchObject({ cursor: "abc", count: 10 });
    expect(q("cursor=abc&startIndex=1").cursor).toBe("abc");
    expect(scimError(() => q("cursor=abc&startIndex=5")).scimType).toBe("invalidValue");
    expect(q("").cursor).toBeUndefined();
  });

  it("reads a .search body", () => {
    const p = parseListParams({
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: 'displayName eq "x"',
      startIndex: 2,
      count: 5,
      attributes: ["displayName"],
      excludedAttributes: ["members"],
      sortBy: "displayName",
      sortOrder: "descending",
    });
    expect(p).toMatchObject({
      filter: 'displayName eq "x"',
      startIndex: 2,
      count: 5,
      attributes: ["displayName"],
      excludedAttributes: ["members"],
      sortBy: "displayName",
      sortOrder: "descending",
    });
    expect(parseListParams({ count: 3 }).count).toBe(3);
  });

  it("rejects a .search body with the wrong schemas or wrong types", () => {
    expect(scimError(() => parseListParams({ schemas: ["urn:x"] })).scimType).toBe("invalidSyntax");
    expect(scimError(() => parseListParams({ count: 1.5 })).scimType).toBe("invalidValue");
    expect(scimError(() => parseListParams({ filter: 5 })).scimType).toBe("invalidValue");
    expect(scimError(() => parseListParams({ attributes: [1] })).scimType).toBe("invalidValue");
  });
});

describe("cursors", () => {
  const secret = "s3cret";
  const payload = { sortKey: "2025-01-01T00:00:00.000Z", id: "7d2c", query: "f1" };

  it("round-trips", () => {
    const c = encodeCursor(payload, secret);
    expect(c).not.toContain("7d2c");
    expect(decodeCursor(c, secret, { query: "f1" })).toEqual(payload);
  });

  it("detects tampering, a foreign secret and garbage with 400 invalidCursor", () => {
    const c = encodeCursor(payload, secret);
    const [body, sig] = c.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, id: "other", iat: 1e10 })).toString("base64url");
    for (const bad of [`${forged}.${sig}`, `${body}.${sig.slice(0, -2)}AA`, "garbage", "", ".", `${body}.`]) {
      const err = scimError(() => decodeCursor(bad, secret));
      expect(err.status).toBe(400);
      expect(err.scimType).toBe("invalidCursor");
    }
    expect(scimError(() => decodeCursor(c, "other-secret")).scimType).toBe("invalidCursor");
  });

  it("refuses a cursor replayed against another query", () => {
    const c = encodeCursor(payload, secret);
    expect(scimError(() => decodeCursor(c, secret, { query: "f2" })).scimType).toBe("invalidCursor");
  });

  it("expires with 400 expiredCursor", () => {
    const c = encodeCursor(payload, secret, new Date("2025-01-01T00:00:00Z"));
    const later = new Date("2025-01-01T02:00:00Z");
    const err = scimError(() => decodeCursor(c, secret, { now: later, timeoutSeconds: 3600 }));
    expect(err.scimType).toBe("expiredCursor");
    expect(decodeCursor(c, secret, { now: new Date("2025-01-01T00:30:00Z") }).id).toBe("7d2c");
  });
});

describe("listResponse", () => {
  it("builds an empty ListResponse with Resources present (Okta/Entra connection tests)", () => {
    expect(listResponse({ resources: [], totalResults: 0, startIndex: 1 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it("carries RFC 9865 cursors", () => {
    const r = listResponse({ resources: [1, 2], totalResults: 10, nextCursor: "n", previousCursor: "p" });
    expect(r).toMatchObject({ itemsPerPage: 2, nextCursor: "n", previousCursor: "p" });
    expect(r.startIndex).toBeUndefined();
  });
});

describe("splitAttributeList", () => {
  it("splits on commas outside value filters and quotes", () => {
    expect(splitAttributeList('userName, emails[type eq "work" or value co ","],name.givenName')).toEqual([
      "userName",
      'emails[type eq "work" or value co ","]',
      "name.givenName",
    ]);
    expect(splitAttributeList(' a ,, b ')).toEqual(["a", "b"]);
    expect(splitAttributeList('x[value eq "a\\"],b"]')).toEqual(['x[value eq "a\\"],b"]']);
  });
});
