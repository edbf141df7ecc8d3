// Drives the real REST route handlers (every app/api/v1/**/route.ts, found on disk) with
// `new Request(...)`, the way Next.js calls them, without a server. Every answer is checked
// against the OpenAPI document: its status must be documented for the operation and its
// body must validate against that response's schema (ajv, JSON Schema 2020-12), so each
// test that calls the API also tests the document.
import { readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { type Scim, scimClient } from "@/test/scim-client";

export const TEST_ORIGIN = "http://roster.test";
const ROOT = path.resolve(import.meta.dirname, "..");
const API_DIR = path.join(ROOT, "app/api/v1");

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteFile = { file: string; openApiPath: string; pattern: RegExp; names: string[]; isStatic: number };

/** Every route file under app/api/v1, with the OpenAPI path it serves ([id] → {id}). */
export function routeFiles(): RouteFile[] {
  const out: RouteFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const segments = path.relative(path.join(ROOT, "app"), dir).split(path.sep);
        const names: string[] = [];
        const pattern = segments
          .map((s) => {
            const m = /^\[(\w+)\]$/.exec(s);
            if (!m?.[1]) return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            names.push(m[1]);
            return "([^/]+)";
          })
          .join("/");
        out.push({
          file: full,
          openApiPath: `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`,
          pattern: new RegExp(`^/${pattern}$`),
          names,
          isStatic: segments.filter((s) => !s.startsWith("[")).length,
        });
      }
    }
  };
  walk(API_DIR);
  // Static segments win over dynamic ones, as in Next.js.
  return out.sort((a, b) => b.isStatic - a.isStatic);
}

const ROUTES = routeFiles();
const modules = new Map<string, Promise<Record<string, unknown>>>();
const load = (file: string) => {
  let mod = modules.get(file);
  if (!mod) {
    mod = import(file) as Promise<Record<string, unknown>>;
    modules.set(file, mod);
  }
  return mod;
};

export const openApiDocument = buildOpenApiDocument() as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};
const DOC_ID = "https://roster.test/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its default export arrives as `.default` under ESM interop.
const formatsPlugin = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
formatsPlugin(ajv);
ajv.addSchema(openApiDocument, DOC_ID);

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** Throws unless `body` is what the document says operation (path, method) answers with `status`. */
export function checkAgainstDocument(openApiPath: string, method: string, status: number, body: unknown): void {
  const operation = openApiDocument.paths[openApiPath]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${openApiPath} is not in the OpenAPI document`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${openApiPath} answered ${status}, which the document does not list`);
  if (!response.content) {
    if (body !== undefined) throw new Error(`${method} ${openApiPath} ${status} has a body the document does not describe`);
    return;
  }
  const ref = `${DOC_ID}#/${pointer("paths", openApiPath, method.toLowerCase(), "responses", String(status), "content", "application/json", "schema")}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema at ${ref}`);
  if (!validate(body)) {
    throw new Error(`${method} ${openApiPath} ${status}: body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
}

export type ApiReply = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ApiCallOptions = { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> };

export function apiClient(apiKey: string) {
  return async function api(method: string, url: string, opts: ApiCallOptions = {}): Promise<ApiReply> {
    const [pathname = "", search = ""] = url.split("?");
    const route = ROUTES.find((r) => r.pattern.test(pathname));
    if (!route) throw new Error(`no route file for ${pathname}`);
    const handler = (await load(route.file))[method] as Handler | undefined;
    if (!handler) throw new Error(`${route.file} has no ${method}`);
    const match = route.pattern.exec(pathname)!;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? apiKey : opts.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const request = new Request(`${TEST_ORIGIN}${pathname}${search ? `?${search}` : ""}`, { method, headers, body });
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    checkAgainstDocument(route.openApiPath, method, response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

export type Api = ReturnType<typeof apiClient>;

// ---------------------------------------------------------------------------------------
// What the REST tests set up through the API and SCIM, as a SaaS and a provider would.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   answers are parsed JSON (`any`), already checked against the OpenAPI document by apiClient. */

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** An organization with a directory (made through the API) and a SCIM client for it. */
export async function orgWithDirectory(api: Api, provider = "okta", name = `REST ${crypto.randomUUID().slice(0, 8)}`) {
  const org = await api("POST", "/api/v1/organizations", { body: { name } });
  expect(org.status).toBe(201);
  const dir = await api("POST", `/api/v1/organizations/${org.body.id}/directories`, { body: { provider } });
  expect(dir.status).toBe(201);
  return { org: org.body, directory: dir.body, scim: scimClient(dir.body.id, dir.body.scim.token as string) };
}

/** A user provisioned over SCIM; its id. */
export async function pushUser(scim: Scim, userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await scim("POST", "/Users", { body: { schemas: [USER_SCHEMA], userName, ...extra } });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/** A group with these members provisioned over SCIM; its id. */
export async function pushGroup(scim: Scim, displayName: string, members: string[]): Promise<string> {
  const r = await scim("POST", "/Groups", { body: { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) } });
  expect(r.status).toBe(201);
  return r.body.id as string;
}
