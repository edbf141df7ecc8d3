// POST /api/scim/{directoryId}/oauth/token — OAuth 2 client credentials (RFC 6749 §4.4) for
// the directory's SCIM endpoint.
import { handleTokenRequest } from "@/lib/scim-http/oauth-token";

export async function POST(request: Request, context: { params: Promise<{ tenant: string }> }): Promise<Response> {
  const { tenant } = await context.params;
  return handleTokenRequest(request, tenant);
}
