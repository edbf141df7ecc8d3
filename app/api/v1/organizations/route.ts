// GET  /api/v1/organizations — every organization with counts
// POST /api/v1/organizations {name} — create one (slug derived from the name)
import { z } from "zod";
import { apiHandler, jsonBody } from "@/lib/api/http";
import { createOrganization, listOrganizations, organizationNameSchema } from "@/lib/directory/organizations";
import { serializeOrganization } from "@/lib/api/serialize";

export const GET = apiHandler(async (_request, { db }) => {
  const orgs = await listOrganizations(db);
  return Response.json({ data: orgs.map(serializeOrganization) });
});

export const POST = apiHandler(async (request, { db, apiKeyId }) => {
  const { name } = await jsonBody(request, z.object({ name: organizationNameSchema }));
  const org = await createOrganization(db, name, { type: "api_key", id: apiKeyId });
  return Response.json(serializeOrganization({ ...org, directoryCount: 0, silentDirectoryCount: 0, userCount: 0, groupCount: 0 }), { status: 201 });
});
