// A route handler made from its Operation (./operation.ts): authenticates, validates the
// path, query and body with the operation's own schemas, calls the handler, and answers
// with the operation's success status. The handler returns the response body, typed by the
// operation's response schema, so a route cannot answer a shape its document does not promise.
import { type z } from "zod";
import { getDb } from "@/db/client";
import { ApiError, type ApiContext, apiHandler, errorResponse, jsonBody, queryParams } from "./http";
import { type Operation } from "./operation";

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type RouteInput<O extends Operation> = ApiContext & {
  params: Parsed<O["params"]>;
  query: Parsed<O["query"]>;
  body: Parsed<O["body"]>;
};

/** What the handler answers: the success schema's input (dates already ISO strings), nothing for 204. */
type SuccessBody<O extends Operation> = O["success"]["schema"] extends z.ZodType ? z.input<O["success"]["schema"]> : void;

type RouteHandler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function parseInput<O extends Operation>(operation: O, request: Request, rawParams: Record<string, string>) {
  // A path that does not parse names nothing that exists: 404, like an unknown id.
  const params = operation.params ? operation.params.safeParse(rawParams) : undefined;
  if (params && !params.success) throw new ApiError(404, "not_found", "Nothing exists at this path.");
  return {
    params: params?.data,
    query: operation.query ? queryParams(request, operation.query) : undefined,
    body: operation.body
      ? operation.isBodyOptional && !request.body
        ? operation.body.parse({})
        : await jsonBody(request, operation.body)
      : undefined,
  } as Pick<RouteInput<O>, "params" | "query" | "body">;
}

function respond<O extends Operation>(operation: O, body: unknown): Response {
  if (operation.success.status === 204) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  return Response.json(body, { status: operation.success.status, headers: { "cache-control": "no-store" } });
}

export function apiRoute<O extends Operation>(
  operation: O,
  handler: (input: RouteInput<O>, request: Request) => Promise<SuccessBody<O>>,
): RouteHandler {
  if (operation.isAuthenticated === false) {
    return async (request, route) => {
      try {
        const db = await getDb();
        const input = await parseInput(operation, request, await route.params);
        const ctx: ApiContext = { db, apiKeyId: "", origin: new URL(request.url).origin };
        return respond(operation, await handler({ ...ctx, ...input }, request));
      } catch (error) {
        return errorResponse(error);
      }
    };
  }
  return apiHandler<Record<string, string>>(async (request, ctx, rawParams) => {
    const input = await parseInput(operation, request, rawParams);
    return respond(operation, await handler({ ...ctx, ...input }, request));
  });
}

/** 404 with the resource's name unless `value` exists. */
export function found<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new ApiError(404, "not_found", `No ${what} with that id.`);
  return value;
}
