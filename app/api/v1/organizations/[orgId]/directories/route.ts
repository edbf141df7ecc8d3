// GET  /api/v1/organizations/{orgId}/directories
// POST /api/v1/organizations/{orgId}/directories {provider, name?} — the SCIM endpoint URL
//      and bearer token come back once, in this response only.
import { directoriesWithStats, organizationOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { directoryOperations as ops } from "@/lib/api/schemas/directories";
import { serializeDirectory } from "@/lib/api/serialize";
import { createDirectory, scimBaseUrl } from "@/lib/directory/directories";
import { listDirectoriesPage } from "@/lib/directory/read/directories";

export const GET = apiRoute(ops.list, async ({ db, origin, params, query }) => {
  const org = await organizationOr404(db, params.orgId);
  const page = await listDirectoriesPage(db, org.id, query);
  return { data: await directoriesWithStats(db, page.rows, origin), nextCursor: page.nextCursor };
});

export const POST = apiRoute(ops.create, async ({ db, origin, apiKeyId, params, body }) => {
  const org = await organizationOr404(db, params.orgId);
  const { directory, token } = await createDirectory(db, org.id, body, { type: "api_key", id: apiKeyId });
  const endpointUrl = scimBaseUrl(directory.id, origin);
  return {
    ...serializeDirectory(directory, endpointUrl),
    scim: { endpointUrl, token: token.token, tokenId: token.id, tokenPrefix: token.displayPrefix },
  };
});
