// OAuth 2 client credentials for a directory's SCIM endpoint (lib/auth/oauth-client.ts): for
// providers that obtain their bearer token from a token URL instead of a pasted token.
import { z } from "zod";
import { defineOperation } from "../operation";
import { pathId, timestamp } from "./common";

export const ClientSecret = z
  .object({
    id: z.uuid(),
    clientId: z.string(),
    secretPrefix: z.string().meta({ description: "The first characters of the secret, to tell secrets apart." }),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: "ClientSecret" });

export const IssuedClientSecret = z
  .object({
    id: z.uuid(),
    clientId: z.string(),
    clientSecret: z.string().meta({ description: "Shown in this response only: Roster keeps only its hash." }),
    tokenUrl: z.string().meta({ description: "Where the provider exchanges the credentials for an access token." }),
    createdAt: timestamp,
  })
  .meta({ id: "IssuedClientSecret" });

const directoryParams = z.object({ directoryId: pathId });

export const oauthClientOperations = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/oauth-clients",
    operationId: "listOAuthClientSecrets",
    summary: "List a directory's OAuth client secrets",
    description: "The token URL and the secrets' prefixes and dates, never the secrets. A directory has a handful: always one page.",
    tag: "Directories",
    params: directoryParams,
    success: {
      status: 200,
      description: "The token URL and the secrets.",
      schema: z.object({ tokenUrl: z.string(), data: z.array(ClientSecret), nextCursor: z.null() }),
    },
    errors: [404],
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/directories/{directoryId}/oauth-clients",
    operationId: "createOAuthClientSecret",
    summary: "Issue an OAuth client secret (rotate)",
    description: "Under the directory's one client id. The old secrets stay valid until revoked.",
    tag: "Directories",
    params: directoryParams,
    success: { status: 201, description: "The new secret, shown once.", schema: IssuedClientSecret },
    errors: [404],
  }),
  revoke: defineOperation({
    method: "DELETE",
    path: "/api/v1/directories/{directoryId}/oauth-clients/{secretId}",
    operationId: "revokeOAuthClientSecret",
    summary: "Revoke an OAuth client secret",
    description: "And every access token it obtained.",
    tag: "Directories",
    params: z.object({ directoryId: pathId, secretId: pathId }),
    success: { status: 204, description: "Revoked." },
    errors: [404],
  }),
};
