// The application's roles (one set per deployment) and each directory's group → role
// mapping (lib/directory/roles.ts), described once for the routes and the OpenAPI document.
import { z } from "zod";
import {
  MAX_MAPPED_GROUPS,
  MAX_ROLES,
  ROLE_DESCRIPTION_MAX,
  ROLE_KEY_MAX,
  ROLE_KEY_PATTERN,
  ROLE_NAME_MAX,
  mappingIssues,
  roleSetIssues,
} from "@/lib/directory/role-rules";
import { defineOperation } from "../operation";
import { pathId, timestamp } from "./common";

const roleKey = z
  .string()
  .max(ROLE_KEY_MAX)
  .regex(ROLE_KEY_PATTERN, "A role key is a lowercase slug: a letter, then letters, digits, and single - or _ between them (\"billing-admin\").");

export const Role = z
  .object({
    key: z.string().meta({ description: "Stable identifier your application matches on." }),
    name: z.string(),
    description: z.string().nullable(),
    isDefault: z.boolean().meta({ description: "Given to every active user whose groups map to no role." }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Role" });

const roleInput = z.object({
  key: roleKey,
  name: z.string().trim().min(1).max(ROLE_NAME_MAX),
  description: z.string().trim().max(ROLE_DESCRIPTION_MAX).nullable().optional(),
  isDefault: z.boolean().default(false),
});

export const rolesBody = z
  .object({
    roles: z
      .array(roleInput)
      .max(MAX_ROLES)
      .superRefine((roles, ctx) => {
        for (const issue of roleSetIssues(roles)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      })
      .meta({ description: `The whole role set, in the order to show it (at most ${MAX_ROLES}; keys unique; at most one default).` }),
  })
  .strict();

const roleList = z.object({ data: z.array(Role) });

export const RoleMapping = z
  .object({
    groupId: z.uuid(),
    groupDisplayName: z.string(),
    roles: z.array(z.string()).meta({ description: "Role keys, in the role set's order." }),
  })
  .meta({ id: "RoleMapping" });

export const mappingsBody = z
  .object({
    mappings: z
      .array(
        z.object({
          groupId: z.string().max(200),
          roles: z.array(roleKey).max(MAX_ROLES),
        }),
      )
      .max(MAX_MAPPED_GROUPS)
      .superRefine((mappings, ctx) => {
        for (const issue of mappingIssues(mappings)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      })
      .meta({ description: "Every mapped group of the directory with its role keys; groups not listed (or with no roles) map to none." }),
  })
  .strict();

export const RolePreview = z
  .object({
    users: z.int().meta({ description: "Users whose roles would change." }),
    roles: z.array(z.object({ key: z.string(), name: z.string(), gained: z.int(), lost: z.int() })),
  })
  .meta({ id: "RolePreview" });

const mappingList = z.object({ data: z.array(RoleMapping) });
const mappingChange = z.object({
  data: z.array(RoleMapping),
  usersUpdated: z.int().meta({ description: "Users whose roles changed (each got a user.updated event)." }),
});

const directoryParams = z.object({ directoryId: pathId });

export const roleOperations = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/roles",
    operationId: "listRoles",
    summary: "List the application's roles",
    tag: "Roles",
    success: { status: 200, description: "The role set, in its order.", schema: roleList },
  }),
  replace: defineOperation({
    method: "PUT",
    path: "/api/v1/roles",
    operationId: "replaceRoles",
    summary: "Replace the application's roles",
    description:
      "Roles not in the body are removed with their mappings. Users whose roles this changes (a removed mapped role; a different default role) get user.updated with previous.roles. Renaming or reordering changes no user's roles and writes no event.",
    tag: "Roles",
    body: rolesBody,
    success: { status: 200, description: "The role set as saved.", schema: roleList },
    errors: [400],
  }),
  listMappings: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/role-mappings",
    operationId: "listRoleMappings",
    summary: "List a directory's group → role mapping",
    tag: "Roles",
    params: directoryParams,
    success: { status: 200, description: "Each mapped group with its role keys.", schema: mappingList },
    errors: [404],
  }),
  replaceMappings: defineOperation({
    method: "PUT",
    path: "/api/v1/directories/{directoryId}/role-mappings",
    operationId: "replaceRoleMappings",
    summary: "Replace a directory's group → role mapping",
    description:
      "Users whose roles this changes get user.updated with previous.roles, in the same transaction. Unknown group ids or role keys: 400 invalid_reference, and nothing changes.",
    tag: "Roles",
    params: directoryParams,
    body: mappingsBody,
    success: { status: 200, description: "The mapping as saved, and how many users' roles changed.", schema: mappingChange },
    errors: [400, 404],
  }),
  previewMappings: defineOperation({
    method: "POST",
    path: "/api/v1/directories/{directoryId}/role-mappings/preview",
    operationId: "previewRoleMappings",
    summary: "Preview a group → role mapping",
    description: "What replacing the mapping with this body would do, per role: users who would gain it and lose it. Nothing is saved.",
    tag: "Roles",
    params: directoryParams,
    body: mappingsBody,
    success: { status: 200, description: "The effect on users' roles.", schema: RolePreview },
    errors: [400, 404],
  }),
};
