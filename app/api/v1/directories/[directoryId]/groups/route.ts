// GET /api/v1/directories/{directoryId}/groups?limit=&after=
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { groupOperations as ops } from "@/lib/api/schemas/users";
import { listGroups } from "@/lib/directory/read/groups";

export const GET = apiRoute(ops.listByDirectory, async ({ db, params, query }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const page = await listGroups(db, { organizationId: directory.organizationId, directoryId: directory.id }, {}, query);
  return { data: page.rows, nextCursor: page.nextCursor };
});
