import { describe, expect, it } from "vitest";
import { referencePageHtml, referenceScript } from "./reference-page";

describe("the API reference page", () => {
  it("loads Scalar from Roster and the document by a relative URL", () => {
    const html = referencePageHtml();
    expect(html).toContain('<script src="/docs/api/reference.js"></script>');
    expect(html).toContain('"url":"/api/v1/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("serves Scalar's bundle without the rules that fetch its web fonts", async () => {
    const script = await referenceScript();
    expect(script).toContain("createApiReference");
    expect(script).not.toContain("fonts.scalar.com");
  });
});
