// GET /api/v1/directories/{directoryId}/users/{userId} — the normalised user and its raw SCIM resource
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute, found } from "@/lib/api/route";
import { userOperations as ops } from "@/lib/api/schemas/users";
import { getUser } from "@/lib/directory/read/users";

export const GET = apiRoute(ops.get, async ({ db, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const scope = { organizationId: directory.organizationId, directoryId: directory.id };
  return found(await getUser(db, scope, params.userId), "user");
});
