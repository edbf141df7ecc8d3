// GET /api/v1/directories/{directoryId}/users/{userId}/groups — the groups the user belongs to
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { userOperations as ops } from "@/lib/api/schemas/users";
import { listGroups } from "@/lib/directory/read/groups";
import { getUser } from "@/lib/directory/read/users";

export const GET = apiRoute(ops.listGroups, async ({ db, params, query }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const scope = { organizationId: directory.organizationId, directoryId: directory.id };
  const user = found(await getUser(db, scope, params.userId), "user");
  const page = await listGroups(db, scope, { userId: user.id }, query);
  return { data: page.rows, nextCursor: page.nextCursor };
});
