// GET /api/v1/directories/{directoryId}/users?groupId=&active=&updatedAfter=&q=&limit=&after=
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { userOperations as ops } from "@/lib/api/schemas/users";
import { getGroupLocation } from "@/lib/directory/read/groups";
import { listUsers } from "@/lib/directory/read/users";

export const GET = apiRoute(ops.listByDirectory, async ({ db, params, query }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const scope = { organizationId: directory.organizationId, directoryId: directory.id };
  const { limit, after, groupId, ...filters } = query;
  const group = groupId ? found(await getGroupLocation(db, scope, groupId), "group") : undefined;
  const page = await listUsers(
    db,
    scope,
    { ...filters, groupId: group?.id, updatedAfter: filters.updatedAfter ? new Date(filters.updatedAfter) : undefined },
    { limit, after },
  );
  return { data: page.rows, nextCursor: page.nextCursor };
});
