// GET /api/v1/directories/{directoryId}/groups/{groupId} — the group with its member count
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { groupOperations as ops } from "@/lib/api/schemas/users";
import { getGroup } from "@/lib/directory/read/groups";

export const GET = apiRoute(ops.get, async ({ db, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  return found(await getGroup(db, { organizationId: directory.organizationId, directoryId: directory.id }, params.groupId), "group");
});
