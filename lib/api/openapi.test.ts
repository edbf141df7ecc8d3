import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "@/db/schema";
import { checkAgainstDocument, openApiDocument, routeFiles } from "@/test/api-client";
import { Event } from "./schemas/events";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // The validator does reject a broken document (so the check above can fail).
    const broken = structuredClone(openApiDocument) as unknown as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
    broken.paths["/api/v1/organizations"]!.get!.parameters.push({ name: "x", in: "nowhere" });
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it("describes every method of every route file under app/api/v1, and nothing else", async () => {
    const exported = new Set<string>();
    for (const route of routeFiles()) {
      const mod = (await import(route.file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof mod[method] === "function") exported.add(`${method} ${route.openApiPath}`);
    }
    const documented = new Set<string>();
    for (const [p, item] of Object.entries(openApiDocument.paths)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${p}`);
    }
    expect([...exported].filter((op) => !documented.has(op)), "routes missing from the document").toEqual([]);
    expect([...documented].filter((op) => !exported.has(op)), "documented operations without a route").toEqual([]);
    expect(exported.size).toBeGreaterThanOrEqual(23);
  });

  it("gives every operation a unique operationId, a summary and a documented 500", () => {
    const ids: string[] = [];
    for (const item of Object.values(openApiDocument.paths)) {
      for (const op of Object.values(item) as { operationId: string; summary: string; responses: Record<string, unknown> }[]) {
        ids.push(op.operationId);
        expect(op.summary).toBeTruthy();
        expect(op.responses["500"]).toBeDefined();
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("lists every event type in the Event schema", () => {
    for (const type of EVENT_TYPES) {
      const result = Event.safeParse({ id: "evt_1", type, createdAt: "2026-01-01T00:00:00.000Z", organizationId: crypto.randomUUID(), directoryId: null, data: {} });
      // Parsing fails on `data`, never on an unknown `type`.
      expect(result.error?.issues.every((i) => i.path[0] === "data")).toBe(true);
    }
  });

  it("is what the tests hold every answer to: a body or status it does not describe fails", () => {
    const org = {
      id: crypto.randomUUID(),
      name: "Acme",
      slug: "acme",
      directories: 0,
      users: 0,
      groups: 0,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(() => checkAgainstDocument("/api/v1/organizations/{orgId}", "GET", 200, org)).not.toThrow();
    expect(() => checkAgainstDocument("/api/v1/organizations/{orgId}", "GET", 200, { ...org, secret: "x" })).toThrow(/does not match/);
    expect(() => checkAgainstDocument("/api/v1/organizations/{orgId}", "GET", 200, { ...org, users: "0" })).toThrow(/does not match/);
    expect(() => checkAgainstDocument("/api/v1/organizations/{orgId}", "GET", 409, { error: { code: "conflict", message: "x" } })).toThrow(/does not list/);
    expect(() => checkAgainstDocument("/api/v1/organizations/{orgId}", "DELETE", 204, { id: "x" })).toThrow(/has a body/);
  });
});
