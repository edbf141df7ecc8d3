// Domain rows → the REST API's JSON (the shapes of lib/api/schemas). Users, groups and
// events need no mapping here: they are built once, in SQL, by lib/directory/payloads.ts.
import type { Directory } from "@/db/schema";
import type { ScimTokenSummary } from "@/lib/auth/scim-token";
import type { OrganizationSummary } from "@/lib/directory/organizations";
import type { DirectoryStats } from "@/lib/directory/read/directories";

export function serializeOrganization(org: OrganizationSummary) {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    directories: org.directoryCount,
    users: org.userCount,
    groups: org.groupCount,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}

const NO_STATS: DirectoryStats = { userCount: 0, groupCount: 0, lastRequestAt: null };

export function serializeDirectory(directory: Directory, endpointUrl: string, stats: DirectoryStats = NO_STATS) {
  return {
    id: directory.id,
    organizationId: directory.organizationId,
    name: directory.name,
    provider: directory.provider,
    status: directory.status,
    endpointUrl,
    userCount: stats.userCount,
    groupCount: stats.groupCount,
    lastRequestAt: stats.lastRequestAt?.toISOString() ?? null,
    createdAt: directory.createdAt.toISOString(),
    updatedAt: directory.updatedAt.toISOString(),
  };
}

export function serializeScimToken(token: ScimTokenSummary) {
  return {
    id: token.id,
    prefix: token.displayPrefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
