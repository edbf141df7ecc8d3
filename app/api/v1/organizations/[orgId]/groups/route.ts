// GET /api/v1/organizations/{orgId}/groups?limit=&after=
import { organizationOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { groupOperations as ops } from "@/lib/api/schemas/users";
import { listGroups } from "@/lib/directory/read/groups";

export const GET = apiRoute(ops.listByOrganization, async ({ db, params, query }) => {
  const org = await organizationOr404(db, params.orgId);
  const page = await listGroups(db, { organizationId: org.id }, {}, query);
  return { data: page.rows, nextCursor: page.nextCursor };
});
