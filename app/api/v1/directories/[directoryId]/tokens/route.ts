// GET  /api/v1/directories/{directoryId}/tokens — prefixes and dates, never the tokens
// POST /api/v1/directories/{directoryId}/tokens — a new token, shown once (rotation)
import { directoryOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { directoryOperations as ops } from "@/lib/api/schemas/directories";
import { serializeScimToken } from "@/lib/api/serialize";
import { issueDirectoryToken } from "@/lib/directory/directories";
import { listTokensPage } from "@/lib/directory/read/directories";

export const GET = apiRoute(ops.listTokens, async ({ db, params, query }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const page = await listTokensPage(db, directory.id, query);
  return { data: page.rows.map(serializeScimToken), nextCursor: page.nextCursor };
});

export const POST = apiRoute(ops.rotateToken, async ({ db, apiKeyId, params }) => {
  const directory = await directoryOr404(db, params.directoryId);
  const token = await issueDirectoryToken(db, directory, { type: "api_key", id: apiKeyId });
  return { id: token.id, token: token.token, prefix: token.displayPrefix, createdAt: token.createdAt.toISOString() };
});
