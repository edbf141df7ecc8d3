// Directories (one identity-provider connection of an organization) and their SCIM tokens.
import { z } from "zod";
import { PROVIDERS } from "@/db/schema";
import { defineOperation } from "../operation";
import { cursorPage, pageQuery, pathId, timestamp } from "./common";

export const Directory = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    name: z.string(),
    provider: z.enum(PROVIDERS),
    status: z.enum(["active", "disabled"]).meta({ description: "A disabled directory answers every SCIM request with 403 and keeps its data." }),
    endpointUrl: z.string().meta({ description: "The SCIM base URL to paste into the identity provider." }),
    userCount: z.number().int(),
    groupCount: z.number().int(),
    lastRequestAt: timestamp.nullable().meta({ description: "When the provider last sent a SCIM request; null before the first." }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Directory" });

export const ScimToken = z
  .object({
    id: z.uuid(),
    prefix: z.string().meta({ description: "The first characters of the token, to tell tokens apart." }),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable().meta({ description: "To the minute." }),
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: "ScimToken" });

export const IssuedScimToken = z
  .object({
    id: z.uuid(),
    token: z.string().meta({ description: "The bearer token. Shown in this response only: Roster keeps only its hash." }),
    prefix: z.string(),
    createdAt: timestamp,
  })
  .meta({ id: "IssuedScimToken" });

export const CreatedDirectory = Directory.extend({
  scim: z.object({
    endpointUrl: z.string(),
    token: z.string().meta({ description: "Shown in this response only." }),
    tokenId: z.uuid(),
    tokenPrefix: z.string(),
  }),
}).meta({ id: "CreatedDirectory" });

export const DirectoryInput = z
  .object({
    provider: z.enum(PROVIDERS),
    name: z.string().trim().min(1).max(100).optional().meta({ description: "Defaults to the provider's name." }),
  })
  .meta({ id: "DirectoryInput" });

export const DirectoryUpdate = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    status: z.enum(["active", "disabled"]).optional().meta({ description: "disabled: SCIM requests are refused (403) until enabled again." }),
  })
  .refine((v) => v.name !== undefined || v.status !== undefined, "Send name, status or both.")
  .meta({ id: "DirectoryUpdate" });

const orgParams = z.object({ orgId: pathId });
const directoryParams = z.object({ directoryId: pathId });

export const directoryOperations = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/organizations/{orgId}/directories",
    operationId: "listDirectories",
    summary: "List an organization's directories",
    tag: "Directories",
    params: orgParams,
    query: pageQuery,
    success: { status: 200, description: "A page of directories, oldest first.", schema: cursorPage(Directory) },
    errors: [400, 404],
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/organizations/{orgId}/directories",
    operationId: "createDirectory",
    summary: "Create a directory",
    description: "Answers the SCIM endpoint URL and the first bearer token, in this response only.",
    tag: "Directories",
    params: orgParams,
    body: DirectoryInput,
    success: { status: 201, description: "The directory with its endpoint URL and token.", schema: CreatedDirectory },
    errors: [400, 404],
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}",
    operationId: "getDirectory",
    summary: "Get a directory",
    description: "Status, provider, endpoint URL, user and group counts, and the last request time.",
    tag: "Directories",
    params: directoryParams,
    success: { status: 200, description: "The directory.", schema: Directory },
    errors: [404],
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/api/v1/directories/{directoryId}",
    operationId: "updateDirectory",
    summary: "Rename, disable or enable a directory",
    description: "Disabling or enabling writes a directory.disabled / directory.enabled event.",
    tag: "Directories",
    params: directoryParams,
    body: DirectoryUpdate,
    success: { status: 200, description: "The directory.", schema: Directory },
    errors: [400, 404],
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/api/v1/directories/{directoryId}",
    operationId: "deleteDirectory",
    summary: "Delete a directory",
    description: "With its users, groups, tokens, request log and events. Not reversible.",
    tag: "Directories",
    params: directoryParams,
    success: { status: 204, description: "Deleted." },
    errors: [404],
  }),
  listTokens: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/tokens",
    operationId: "listScimTokens",
    summary: "List a directory's SCIM tokens",
    description: "Newest first, revoked ones included. Never the tokens themselves.",
    tag: "Directories",
    params: directoryParams,
    query: pageQuery,
    success: { status: 200, description: "A page of tokens.", schema: cursorPage(ScimToken) },
    errors: [400, 404],
  }),
  rotateToken: defineOperation({
    method: "POST",
    path: "/api/v1/directories/{directoryId}/tokens",
    operationId: "createScimToken",
    summary: "Issue a new SCIM token (rotate)",
    description:
      "The old tokens stay valid until revoked: give the new one to the identity provider, then revoke the old one.",
    tag: "Directories",
    params: directoryParams,
    success: { status: 201, description: "The new token, shown once.", schema: IssuedScimToken },
    errors: [404],
  }),
  revokeToken: defineOperation({
    method: "DELETE",
    path: "/api/v1/directories/{directoryId}/tokens/{tokenId}",
    operationId: "revokeScimToken",
    summary: "Revoke a SCIM token",
    description: "Takes effect on the provider's next request.",
    tag: "Directories",
    params: z.object({ directoryId: pathId, tokenId: pathId }),
    success: { status: 204, description: "Revoked." },
    errors: [404],
  }),
};
