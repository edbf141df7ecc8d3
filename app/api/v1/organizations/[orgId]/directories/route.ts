// GET  /api/v1/organizations/{orgId}/directories
// POST /api/v1/organizations/{orgId}/directories {provider, name?} — the SCIM endpoint URL
//      and bearer token come back once, in this response only.
import { z } from "zod";
import { ApiError, apiHandler, jsonBody } from "@/lib/api/http";
import { serializeDirectory } from "@/lib/api/serialize";
import { PROVIDERS, createDirectory, listDirectories, scimBaseUrl } from "@/lib/directory/directories";
import { getOrganizationById } from "@/lib/directory/organizations";

type Params = { orgId: string };

async function organizationOr404(db: Parameters<typeof getOrganizationById>[0], orgId: string) {
  const org = await getOrganizationById(db, orgId);
  if (!org) throw new ApiError(404, "not_found", "No organization with that id.");
  return org;
}

export const GET = apiHandler<Params>(async (_request, { db, origin }, { orgId }) => {
  const org = await organizationOr404(db, orgId);
  const list = await listDirectories(db, org.id);
  return Response.json({ data: list.map((d) => serializeDirectory(d, scimBaseUrl(d.id, origin))) });
});

export const POST = apiHandler<Params>(async (request, { db, origin }, { orgId }) => {
  const org = await organizationOr404(db, orgId);
  const input = await jsonBody(
    request,
    z.object({ provider: z.enum(PROVIDERS), name: z.string().trim().min(1).max(100).optional() }),
  );
  const { directory, token } = await createDirectory(db, org.id, input);
  const endpointUrl = scimBaseUrl(directory.id, origin);
  return Response.json(
    {
      ...serializeDirectory(directory, endpointUrl),
      scim: { endpointUrl, token: token.token, tokenId: token.id, tokenPrefix: token.displayPrefix },
    },
    { status: 201 },
  );
});
