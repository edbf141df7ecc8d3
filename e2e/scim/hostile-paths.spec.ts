/* eslint-disable @typescript-eslint/no-unsafe-member-access -- SCIM bodies are JSON. */
// What only the real server shows (the route-handler tests cannot): endpoint names in any
// case and with PingOne's "//", malformed percent-encoding and dot segments reach the SCIM
// routes (lib/scim-http/request-target.ts, lib/scim-http/routes.ts) instead of Next.js's own
// 500 page or 308 redirect.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";
import { sendScim } from "./replay";

test("endpoint names in any case, // and hostile path segments get SCIM answers, never a 5xx or a redirect", async ({ request }) => {
  const dir = await createTestDirectory(request, "generic");
  const created = await sendScim(request, dir, { method: "POST", path: "/users", body: { userName: `e2e.${Date.now()}@example.com` } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  for (const path of ["/users", "/USERS", "//users", `/users/${id}`, `//Users/${id}`, "/groups", "/serviceproviderconfig", "/schemas", "/resourcetypes"]) {
    const r = await sendScim(request, dir, { method: "GET", path });
    expect(r.status, path).toBe(200);
    expect(r.headers["content-type"], path).toMatch(/^application\/scim\+json/);
  }
  const search = await sendScim(request, dir, { method: "POST", path: "/Users/.SEARCH", body: { filter: "userName pr" } });
  expect(search.status).toBe(200);
  // Sent with node:http, byte for byte: Playwright's URL parsing would resolve the dot segments.
  for (const path of ["/Users/%zz", "/Users/%E0%A4%A", "/%zz", "/Users/..", "/Users/%2e%2e", "/Users/../Groups", "/./Users"]) {
    const r = await rawGet(`${new URL(dir.endpointUrl).pathname}${path}`, { authorization: `Bearer ${dir.token}` });
    expect(r.status, path).toBe(404);
    expect((JSON.parse(r.body) as { schemas: string[] }).schemas, path).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  }
  const nbsp = await rawGet(`${new URL(dir.endpointUrl).pathname}/Users`, { authorization: `Bearer ${dir.token}\u00a0` });
  expect(nbsp.status).toBe(401);
});

function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const base = new URL(process.env.ROSTER_E2E_BASE_URL ?? "http://127.0.0.1:3100");
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method: "GET", path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
