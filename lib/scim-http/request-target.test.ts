import { describe, expect, it } from "vitest";
import { canonicalSegments, decodeSegment, normalizeScimTarget } from "./request-target";

describe("normalizeScimTarget", () => {
  it("collapses PingOne's doubled slash in SCIM paths and keeps the query as sent", () => {
    expect(normalizeScimTarget("/api/scim/abc/v2//Users")).toBe("/api/scim/abc/v2/Users");
    expect(normalizeScimTarget("/api/scim/abc/v2//Users?filter=a%20eq%20%22x//y%22")).toBe(
      "/api/scim/abc/v2/Users?filter=a%20eq%20%22x//y%22",
    );
    expect(normalizeScimTarget("//api//scim/abc/v2///Groups/1")).toBe("/api/scim/abc/v2/Groups/1");
  });

  it("leaves other paths to Next.js", () => {
    expect(normalizeScimTarget("/orgs//acme")).toBe("/orgs//acme");
    expect(normalizeScimTarget("/orgs/%zz")).toBe("/orgs/%zz");
    expect(normalizeScimTarget("/api/scim/abc/v2/Users")).toBe("/api/scim/abc/v2/Users");
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/a%20b?x=%zz")).toBe("/api/scim/abc/v2/Users/a%20b?x=%zz");
  });

  it("escapes a segment that does not decode, so that Next.js's one decoding gives it back literally", () => {
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/%zz")).toBe("/api/scim/abc/v2/Users/%25zz");
    // Percent-encoded bytes that are not UTF-8.
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/%E0%A4%A")).toBe("/api/scim/abc/v2/Users/%25E0%25A4%25A");
    expect(normalizeScimTarget("/api/scim/%ff/v2/Users")).toBe("/api/scim/%25ff/v2/Users");
    expect(decodeURIComponent("%25E0%25A4%25A")).toBe(decodeSegment("%E0%A4%A"));
  });

  it("keeps dot segments (also percent-encoded) as literal names instead of letting them be resolved", () => {
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/..")).toBe("/api/scim/abc/v2/Users/%252E%252E");
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/%2e%2E/Groups")).toBe("/api/scim/abc/v2/Users/%252E%252E/Groups");
    expect(normalizeScimTarget("/api/scim/abc/v2/./Users")).toBe("/api/scim/abc/v2/%252E/Users");
    expect(normalizeScimTarget("/api/scim/abc/v2/Users/...")).toBe("/api/scim/abc/v2/Users/...");
  });
});

describe("canonicalSegments", () => {
  it("gives endpoint names the spec's case and leaves ids alone", () => {
    expect(canonicalSegments(["users"])).toEqual(["Users"]);
    expect(canonicalSegments(["GROUPS", "AbC"])).toEqual(["Groups", "AbC"]);
    expect(canonicalSegments(["users", ".SEARCH"])).toEqual(["Users", ".search"]);
    expect(canonicalSegments([".Search"])).toEqual([".search"]);
    expect(canonicalSegments(["serviceproviderconfig"])).toEqual(["ServiceProviderConfig"]);
    expect(canonicalSegments(["resourcetypes", "user"])).toEqual(["ResourceTypes", "user"]);
    expect(canonicalSegments(["schemas", "urn:x"])).toEqual(["Schemas", "urn:x"]);
    expect(canonicalSegments(["bulk"])).toEqual(["Bulk"]);
    expect(canonicalSegments(["people", "users"])).toEqual(["people", "users"]);
  });
});
