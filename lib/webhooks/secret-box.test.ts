import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";
import { newSigningSecret, signMessage } from "./signing";

// lib/env reads it on first use, which comes after this line.
process.env.AUTH_SECRET ??= "unit-test-auth-secret";

describe("signing secrets at rest", () => {
  it("round-trips, and refuses a ciphertext moved to another endpoint or altered", () => {
    const secret = newSigningSecret();
    const sealed = sealSecret(secret, "endpoint-a");
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(sealed, "endpoint-a")).toBe(secret);
    expect(() => openSecret(sealed, "endpoint-b")).toThrow();
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => openSecret([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), "endpoint-a")).toThrow();
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealSecret(secret, "endpoint-a")).not.toBe(sealed);
  });
});

describe("signatures", () => {
  it("signs with every given secret, each verifiable on its own with standardwebhooks", () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    const body = JSON.stringify({ id: "evt_1", type: "user.created" });
    const headers = signMessage([a, b], "evt_1", new Date(), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(body.replace("user", "group"), headers)).toThrow();
  });
});
