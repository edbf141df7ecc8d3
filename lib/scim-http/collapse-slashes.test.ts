import { describe, expect, it } from "vitest";
import { collapseScimSlashes } from "./collapse-slashes";

describe("collapseScimSlashes", () => {
  it("collapses PingOne's doubled slash in SCIM paths and keeps the query as sent", () => {
    expect(collapseScimSlashes("/api/scim/abc/v2//Users")).toBe("/api/scim/abc/v2/Users");
    expect(collapseScimSlashes("/api/scim/abc/v2//Users?filter=a%20eq%20%22x//y%22")).toBe(
      "/api/scim/abc/v2/Users?filter=a%20eq%20%22x//y%22",
    );
    expect(collapseScimSlashes("//api//scim/abc/v2///Groups/1")).toBe("/api/scim/abc/v2/Groups/1");
  });

  it("leaves other paths to Next.js", () => {
    expect(collapseScimSlashes("/orgs//acme")).toBe("/orgs//acme");
    expect(collapseScimSlashes("/api/scim/abc/v2/Users")).toBe("/api/scim/abc/v2/Users");
  });
});
