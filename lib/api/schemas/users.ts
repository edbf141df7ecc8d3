// Directory users and groups as the SaaS application reads them: the NormalizedUser and
// NormalizedGroup of lib/directory/payloads.ts, the same objects the events carry.
import { z } from "zod";
import { type NormalizedGroup, type NormalizedUser } from "@/lib/directory/payloads";
import { defineOperation } from "../operation";
import { cursorPage, pageQuery, pathId, queryBoolean, timestamp } from "./common";

export const GroupRef = z.object({ id: z.uuid(), displayName: z.string() }).meta({ id: "GroupRef" });

export const RoleRef = z
  .object({ key: z.string(), name: z.string() })
  .meta({ id: "RoleRef", description: "A role of the application (GET /api/v1/roles), by its stable key and its current name." });

export const User = z
  .object({
    id: z.uuid(),
    directoryId: z.uuid(),
    organizationId: z.uuid(),
    userName: z.string(),
    externalId: z.string().nullable(),
    active: z.boolean(),
    name: z.object({ givenName: z.string().nullable(), familyName: z.string().nullable(), formatted: z.string().nullable() }),
    displayName: z.string().nullable(),
    fullName: z.string().meta({ description: "The name as Roster shows it: formatted name, else given + family name, else displayName, else userName." }),
    email: z.string().nullable().meta({ description: "The primary email (else the work one, else the first)." }),
    emails: z.array(z.object({ value: z.string().optional(), type: z.string().optional(), primary: z.boolean().optional() }).loose()),
    title: z.string().nullable(),
    department: z.string().nullable(),
    employeeNumber: z.string().nullable(),
    costCenter: z.string().nullable(),
    organization: z.string().nullable(),
    division: z.string().nullable(),
    manager: z.object({ id: z.string().nullable(), displayName: z.string().nullable() }).nullable(),
    groups: z.array(GroupRef),
    roles: z.array(RoleRef).meta({
      description:
        "The roles the user's groups map to in this directory (their union, in the role set's order); when they map to none, the default role, if one is defined. A deactivated user has none.",
    }),
    version: z.number().int().meta({ description: "Grows with every change: keep the highest seen per user." }),
    createdAt: timestamp,
    updatedAt: timestamp,
    raw: z.record(z.string(), z.unknown()).meta({ description: "The SCIM resource as the provider sent it (canonical attribute names), with its id." }),
  })
  .meta({ id: "User" }) satisfies z.ZodType<NormalizedUser>;

export const Group = z
  .object({
    id: z.uuid(),
    directoryId: z.uuid(),
    organizationId: z.uuid(),
    displayName: z.string(),
    externalId: z.string().nullable(),
    memberCount: z.number().int(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    raw: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "Group" }) satisfies z.ZodType<NormalizedGroup>;

export const userListQuery = pageQuery.extend({
  groupId: z.string().max(200).optional().meta({ description: "Only the members of this group." }),
  active: queryBoolean.optional().meta({ description: "true: active users only; false: deactivated ones only." }),
  updatedAfter: z.iso.datetime({ offset: true }).optional().meta({ description: "Only users changed after this time (ISO 8601)." }),
  q: z.string().trim().min(1).max(200).optional().meta({
    description: 'Search: the start of the userName, email, display name, given or family name ("ada love" matches Ada Lovelace).',
  }),
});

const orgParams = z.object({ orgId: pathId });
const directoryParams = z.object({ directoryId: pathId });
const userParams = z.object({ directoryId: pathId, userId: pathId });
const groupParams = z.object({ directoryId: pathId, groupId: pathId });

const usersPage = cursorPage(User);
const groupsPage = cursorPage(Group);

export const userOperations = {
  listByOrganization: defineOperation({
    method: "GET",
    path: "/api/v1/organizations/{orgId}/users",
    operationId: "listOrganizationUsers",
    summary: "List an organization's users",
    description: "Across its directories. A groupId of another organization is 404.",
    tag: "Users",
    params: orgParams,
    query: userListQuery,
    success: { status: 200, description: "A page of users.", schema: usersPage },
    errors: [400, 404],
  }),
  listByDirectory: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/users",
    operationId: "listDirectoryUsers",
    summary: "List a directory's users",
    tag: "Users",
    params: directoryParams,
    query: userListQuery,
    success: { status: 200, description: "A page of users.", schema: usersPage },
    errors: [400, 404],
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/users/{userId}",
    operationId: "getUser",
    summary: "Get a user",
    description: "The normalised user with its groups and the raw SCIM resource.",
    tag: "Users",
    params: userParams,
    success: { status: 200, description: "The user.", schema: User },
    errors: [404],
  }),
  listGroups: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/users/{userId}/groups",
    operationId: "listUserGroups",
    summary: "List the groups of a user",
    tag: "Groups",
    params: userParams,
    query: pageQuery,
    success: { status: 200, description: "A page of groups.", schema: groupsPage },
    errors: [400, 404],
  }),
};

export const groupOperations = {
  listByOrganization: defineOperation({
    method: "GET",
    path: "/api/v1/organizations/{orgId}/groups",
    operationId: "listOrganizationGroups",
    summary: "List an organization's groups",
    tag: "Groups",
    params: orgParams,
    query: pageQuery,
    success: { status: 200, description: "A page of groups.", schema: groupsPage },
    errors: [400, 404],
  }),
  listByDirectory: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/groups",
    operationId: "listDirectoryGroups",
    summary: "List a directory's groups",
    tag: "Groups",
    params: directoryParams,
    query: pageQuery,
    success: { status: 200, description: "A page of groups.", schema: groupsPage },
    errors: [400, 404],
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/groups/{groupId}",
    operationId: "getGroup",
    summary: "Get a group",
    description: "With its member count.",
    tag: "Groups",
    params: groupParams,
    success: { status: 200, description: "The group.", schema: Group },
    errors: [404],
  }),
  listMembers: defineOperation({
    method: "GET",
    path: "/api/v1/directories/{directoryId}/groups/{groupId}/members",
    operationId: "listGroupMembers",
    summary: "List a group's members",
    description: "In a stable order (user id) that pages at the same cost however large the group is.",
    tag: "Groups",
    params: groupParams,
    query: pageQuery,
    success: { status: 200, description: "A page of users.", schema: usersPage },
    errors: [400, 404],
  }),
};
