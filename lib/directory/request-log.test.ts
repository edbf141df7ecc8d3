import { describe, expect, it } from "vitest";
import { MAX_LOGGED_BODY_BYTES, capText, redactBody } from "./request-log";

describe("request log bodies", () => {
  it("masks passwords and secret-looking keys at any depth, and keeps the rest", () => {
    const body = JSON.stringify({
      userName: "a@x.test",
      password: "hunter2",
      "urn:custom:1.0:User": { apiKey: "k-123", clientSecret: "s-456", nested: [{ accessToken: "t-789", note: "ok" }] },
    });
    const stored = redactBody(body)!;
    for (const secret of ["hunter2", "k-123", "s-456", "t-789"]) expect(stored).not.toContain(secret);
    expect(JSON.parse(stored)).toMatchObject({ userName: "a@x.test", password: "********", "urn:custom:1.0:User": { nested: [{ note: "ok" }] } });
  });

  it("masks by pattern what is not JSON", () => {
    expect(redactBody('{"userName":"a","password":"hunter2",')).not.toContain("hunter2");
  });

  it("caps at 16 KiB of UTF-8, idempotently", () => {
    const capped = capText("é".repeat(MAX_LOGGED_BODY_BYTES));
    expect(Buffer.byteLength(capped, "utf8")).toBeLessThanOrEqual(MAX_LOGGED_BODY_BYTES);
    expect(capped).toMatch(/truncated, 32768 bytes in all\]$/);
    expect(capText(capped)).toBe(capped);
    expect(redactBody(JSON.stringify({ title: "x".repeat(100_000) }))!.length).toBeLessThanOrEqual(MAX_LOGGED_BODY_BYTES);
  });
});
