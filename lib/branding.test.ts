import { describe, expect, it } from "vitest";
import { accentCss, brandingSchema } from "./branding";

describe("branding", () => {
  it("re-points the brand colour scale at a #rrggbb accent, and ignores anything else", () => {
    expect(accentCss("#0f766e")).toContain("--color-brand-600:#0f766e");
    expect(accentCss(undefined)).toBeUndefined();
    // Only a validated colour reaches the <style> element: no CSS injection through it.
    expect(accentCss("red;}body{display:none")).toBeUndefined();
  });

  it("validates the operator's form: empty fields fall back, bad values are refused", () => {
    expect(brandingSchema.parse({ applicationName: " Hero SaaS ", logoUrl: "", accentColor: "#0F766E" })).toEqual({
      applicationName: "Hero SaaS",
      logoUrl: undefined,
      accentColor: "#0f766e",
    });
    expect(brandingSchema.safeParse({ logoUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(brandingSchema.safeParse({ accentColor: "red" }).success).toBe(false);
    expect(brandingSchema.safeParse({ applicationName: "x".repeat(61) }).success).toBe(false);
  });
});
