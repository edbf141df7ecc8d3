// The API's own description.
import { z } from "zod";
import { defineOperation } from "../operation";

export const docsOperations = {
  openapi: defineOperation({
    method: "GET",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This OpenAPI 3.1 document",
    description: "Public: it describes the API and holds no data. The reference page is /docs/api.",
    tag: "Meta",
    isAuthenticated: false,
    success: { status: 200, description: "The document.", schema: z.record(z.string(), z.unknown()) },
  }),
};
