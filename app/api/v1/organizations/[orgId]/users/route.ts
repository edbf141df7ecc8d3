// GET /api/v1/organizations/{orgId}/users?groupId=&active=&updatedAfter=&q=&limit=&after=
import { organizationOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { userOperations as ops } from "@/lib/api/schemas/users";
import { getGroupLocation } from "@/lib/directory/read/groups";
import { listUsers } from "@/lib/directory/read/users";

export const GET = apiRoute(ops.listByOrganization, async ({ db, params, query }) => {
  const org = await organizationOr404(db, params.orgId);
  const { limit, after, groupId, ...filters } = query;
  // The group must be one of this organization's: another's is 404, not an empty list.
  const group = groupId ? found(await getGroupLocation(db, { organizationId: org.id }, groupId), "group") : undefined;
  const page = await listUsers(
    db,
    { organizationId: org.id, directoryId: group?.directoryId },
    { ...filters, groupId: group?.id, updatedAfter: filters.updatedAfter ? new Date(filters.updatedAfter) : undefined },
    { limit, after },
  );
  return { data: page.rows, nextCursor: page.nextCursor };
});
