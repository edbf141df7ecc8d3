import { describe, expect, it } from "vitest";
import { hashSecret, hashesEqual, newSecret } from "./secret";

describe("bearer secrets", () => {
  it("are 256 random bits behind the prefix, stored only as a hash and a short display prefix", () => {
    const a = newSecret("rst_key_");
    const b = newSecret("rst_key_");
    expect(a.secret).toMatch(/^rst_key_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(hashSecret(a.secret));
    expect(a.hash).not.toContain(a.secret.slice(8));
    expect(a.displayPrefix).toBe(a.secret.slice(0, 14));
  });

  it("hash a given secret the same way (bootstrap keys)", () => {
    expect(newSecret("rst_key_", "rst_key_given-secret-value").hash).toBe(hashSecret("rst_key_given-secret-value"));
  });

  it("compare hashes exactly", () => {
    const h = hashSecret("x");
    expect(hashesEqual(h, hashSecret("x"))).toBe(true);
    expect(hashesEqual(h, hashSecret("y"))).toBe(false);
    expect(hashesEqual(h, h.slice(0, 10))).toBe(false);
  });
});
