// Organizations: one customer of the SaaS each.
import { z } from "zod";
import { organizationNameSchema } from "@/lib/directory/organizations";
import { defineOperation } from "../operation";
import { cursorPage, pageQuery, pathId, timestamp } from "./common";

export const Organization = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string().meta({ description: "Unique, derived from the name; used in the portal's URLs." }),
    directories: z.number().int().meta({ description: "How many directories it has." }),
    users: z.number().int(),
    groups: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Organization" });

export const OrganizationInput = z.object({ name: organizationNameSchema }).meta({ id: "OrganizationInput" });

const orgParams = z.object({ orgId: pathId });

export const organizationOperations = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/organizations",
    operationId: "listOrganizations",
    summary: "List organizations",
    description: "Every organization, by name, with its directory, user and group counts.",
    tag: "Organizations",
    query: pageQuery,
    success: { status: 200, description: "A page of organizations.", schema: cursorPage(Organization) },
    errors: [400],
  }),
  create: defineOperation({
    method: "POST",
    path: "/api/v1/organizations",
    operationId: "createOrganization",
    summary: "Create an organization",
    description: "The slug is derived from the name and made unique with a suffix.",
    tag: "Organizations",
    body: OrganizationInput,
    success: { status: 201, description: "The organization.", schema: Organization },
    errors: [400, 409],
  }),
  get: defineOperation({
    method: "GET",
    path: "/api/v1/organizations/{orgId}",
    operationId: "getOrganization",
    summary: "Get an organization",
    tag: "Organizations",
    params: orgParams,
    success: { status: 200, description: "The organization.", schema: Organization },
    errors: [404],
  }),
  rename: defineOperation({
    method: "PATCH",
    path: "/api/v1/organizations/{orgId}",
    operationId: "renameOrganization",
    summary: "Rename an organization",
    description: "The slug stays as it is, so the portal's links keep working.",
    tag: "Organizations",
    params: orgParams,
    body: OrganizationInput,
    success: { status: 200, description: "The organization.", schema: Organization },
    errors: [400, 404],
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/api/v1/organizations/{orgId}",
    operationId: "deleteOrganization",
    summary: "Delete an organization",
    description: "With its directories, users, groups, tokens and events. Not reversible.",
    tag: "Organizations",
    params: orgParams,
    success: { status: 204, description: "Deleted." },
    errors: [404],
  }),
};
