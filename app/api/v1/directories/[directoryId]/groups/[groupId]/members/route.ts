// GET /api/v1/directories/{directoryId}/groups/{groupId}/members?limit=&after= — the members, as users
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { groupOperations as ops } from "@/lib/api/schemas/users";
import { getGroupLocation, listGroupMembers } from "@/lib/directory/read/groups";

export const GET = apiRoute(ops.listMembers, async ({ db, params, query }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const scope = { organizationId: directory.organizationId, directoryId: directory.id };
  const group = found(await getGroupLocation(db, scope, params.groupId), "group");
  const page = await listGroupMembers(db, { ...group, organizationId: directory.organizationId }, query);
  return { data: page.rows, nextCursor: page.nextCursor };
});
