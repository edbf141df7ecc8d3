import type { Directory } from "@/db/schema";
import type { OrganizationSummary } from "@/lib/directory/organizations";

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

export function serializeDirectory(directory: Directory, scimBaseUrl: string) {
  return {
    id: directory.id,
    organizationId: directory.organizationId,
    name: directory.name,
    provider: directory.provider,
    status: directory.status,
    scimBaseUrl,
    createdAt: directory.createdAt.toISOString(),
    updatedAt: directory.updatedAt.toISOString(),
  };
}
