// One REST operation, described once: its method and path, the zod schemas its route
// validates the path, query and body with, and the schemas of its responses. The route
// handler (./route.ts apiRoute) validates with these very schemas and the OpenAPI document
// (./openapi.ts) is generated from them, so the document cannot drift from what the routes do.
import { type z } from "zod";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export type OperationResponse = { description: string; schema?: z.ZodType };

export type Operation = {
  method: HttpMethod;
  /** The OpenAPI path, e.g. `/api/v1/organizations/{orgId}`; its `{names}` are the route's params. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** False for the few public documents (the OpenAPI document itself). */
  isAuthenticated?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A request without a body is taken as `{}` (all defaults); one with a body must be valid. */
  isBodyOptional?: boolean;
  /** The success response first (its status is what the route answers); errors are added by the generator. */
  success: { status: 200 | 201 | 202 | 204 } & OperationResponse;
  /** Error statuses this operation can answer besides 401 and 500 (the generator adds those). */
  errors?: readonly (400 | 404 | 409 | 410 | 412 | 503)[];
};

/** Declares an operation (identity, for type inference of its schemas in apiRoute). */
export function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}
