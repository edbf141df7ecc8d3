import { describe, expect, it } from "vitest";
import { personName } from "./person-name";

describe("personName", () => {
  it("prefers the formatted name, then given and family names, then displayName, then userName", () => {
    expect(personName({ userName: "ada", formatted: "Countess Ada", givenName: "Ada", displayName: "A" })).toBe("Countess Ada");
    expect(personName({ userName: "ada", givenName: "Ada", familyName: "Lovelace", displayName: "A. L." })).toBe("Ada Lovelace");
    expect(personName({ userName: "ada", familyName: "Lovelace" })).toBe("Lovelace");
    expect(personName({ userName: "ada", displayName: "Ada L." })).toBe("Ada L.");
    expect(personName({ userName: "ada@example.com", formatted: "  ", givenName: " ", displayName: "" })).toBe("ada@example.com");
  });
});
