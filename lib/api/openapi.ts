// The OpenAPI 3.1 document of /api/v1, generated from the operations (./operation.ts) and
// the zod schemas the routes validate with. No hand-kept copy: a route's schema is its
// documentation. Adding a route = defining its operation next to its schemas and listing
// that module in OPERATION_GROUPS below; lib/api/openapi.int.test.ts fails for a route file
// whose method is missing here.
import { z } from "zod";
import { type Operation } from "./operation";
import { auditLogOperations } from "./schemas/audit-log";
import { ErrorBody } from "./schemas/common";
import { directoryOperations } from "./schemas/directories";
import { docsOperations } from "./schemas/docs";
import { eventOperations } from "./schemas/events";
import { oauthClientOperations } from "./schemas/oauth-clients";
import { organizationOperations } from "./schemas/organizations";
import { portalLinkOperations } from "./schemas/portal-links";
import { roleOperations } from "./schemas/roles";
import { groupOperations, userOperations } from "./schemas/users";
import { webhookOperations } from "./schemas/webhooks";

/** Every operation of the API, by resource. */
export const OPERATION_GROUPS: readonly Record<string, Operation>[] = [
  organizationOperations,
  portalLinkOperations,
  directoryOperations,
  oauthClientOperations,
  userOperations,
  groupOperations,
  roleOperations,
  eventOperations,
  webhookOperations,
  auditLogOperations,
  docsOperations,
];

export function allOperations(): Operation[] {
  return OPERATION_GROUPS.flatMap((group) => Object.values(group));
}

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (invalid_request, invalid_json) or cursor (invalid_cursor).",
  401: "No valid API key (unauthorized).",
  404: "Not found: an unknown or malformed id, or one of another organization (not_found).",
  409: "Conflict with an existing resource (conflict).",
  410: "The cursor is older than the event retention (cursor_expired).",
  412: "Precondition failed.",
  413: "The request body is larger than 1 MiB (payload_too_large).",
  500: "Unexpected error; the message carries a request id to quote.",
  503: "Lost to a concurrent change; retry.",
};

/**
 * Converts zod schemas to JSON Schema 2020-12 (OpenAPI 3.1's dialect), collecting every
 * schema with a `.meta({ id })` into components/schemas and referring to it there.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const { $schema: _schema, $defs, id, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema>; id?: string };
    for (const [name, def] of Object.entries($defs ?? {})) this.addComponent(name, this.rewrite(def) as JsonSchema, io);
    const root = this.rewrite(rest) as JsonSchema;
    // A root schema with an id becomes a component too, referred to by $ref.
    if (typeof id === "string") {
      this.addComponent(id, root, io);
      return { $ref: `#/components/schemas/${this.componentName(id, io)}` };
    }
    return root;
  }

  private readonly seen = new Map<string, string>();

  private componentName(id: string, io: "input" | "output"): string {
    return this.seen.get(`${io}:${id}`) ?? id;
  }

  private addComponent(id: string, schema: JsonSchema, io: "input" | "output") {
    const text = JSON.stringify(schema);
    const existing = this.components[id];
    // A schema can read differently as input (before defaults and transforms) and as
    // output: the input reading gets its own name when it differs.
    const name = existing === undefined || JSON.stringify(existing) === text ? id : `${id}Input`;
    this.components[name] = schema;
    this.seen.set(`${io}:${id}`, name);
  }

  private rewrite(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.rewrite(v));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
          out[k] = `#/components/schemas/${v.slice("#/$defs/".length)}`;
        } else if (k === "id" && typeof v === "string") {
          // zod keeps .meta({ id }) on the inlined schema; the component name says it already.
          continue;
        } else {
          out[k] = this.rewrite(v);
        }
      }
      return out;
    }
    return value;
  }
}

function parameters(collector: SchemaCollector, schema: z.ZodObject | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = collector.convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema & { description?: string };
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const collector = new SchemaCollector();
  const errorRef = collector.convert(ErrorBody, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const op of allOperations()) {
    tags.add(op.tag);
    const responses: Record<string, unknown> = {
      [op.success.status]: {
        description: op.success.description,
        ...(op.success.schema ? { content: { "application/json": { schema: collector.convert(op.success.schema, "output") } } } : {}),
      },
    };
    const errors = [
      ...new Set([...(op.errors ?? []), ...(op.body ? [400, 413] : []), ...(op.isAuthenticated === false ? [] : [401]), 500]),
    ].sort();
    for (const status of errors) {
      responses[status] = { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: errorRef } } };
    }
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      ...(op.isAuthenticated === false ? { security: [] } : {}),
      parameters: [...parameters(collector, op.params, "path"), ...parameters(collector, op.query, "query")],
      ...(op.body
        ? { requestBody: { required: !op.isBodyOptional, content: { "application/json": { schema: collector.convert(op.body, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Roster API",
      version: "1",
      description:
        "The REST API of Roster for the SaaS application: organizations, directories, SCIM tokens, the users and " +
        "groups the identity providers pushed, and the events feed. Authenticate with an API key " +
        "(`Authorization: Bearer rst_key_…`). Lists are cursor-paginated: `limit` and `after`, answered " +
        '`{"data": […], "nextCursor": …}`. Errors are `{"error": {"code", "message", "details?"}}`.',
    },
    security: [{ apiKey: [] }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key, rst_key_…" } },
      schemas: collector.components,
    },
  };
}
