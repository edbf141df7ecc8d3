import { describe, expect, it } from "vitest";
import { parseFrameAncestors } from "./env";

describe("ROSTER_PORTAL_FRAME_ANCESTORS", () => {
  it("is a list of origins, comma- or space-separated; unset refuses framing", () => {
    expect(parseFrameAncestors(undefined)).toEqual([]);
    expect(parseFrameAncestors("https://app.example.com, http://localhost:5173  https://b.example/")).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
      "https://b.example",
    ]);
  });

  it("fails start-up on anything that is not an origin: a path, a wildcard, another scheme", () => {
    for (const bad of ["https://app.example.com/settings", "*", "https://*.example.com", "javascript:alert(1)", "app.example.com", "ftp://x.example"]) {
      expect(() => parseFrameAncestors(bad), bad).toThrow(/ROSTER_PORTAL_FRAME_ANCESTORS/);
    }
  });
});
