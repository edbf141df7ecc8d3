// GET /ServiceProviderConfig — RFC 7644 §4, RFC 7643 §5
import { serviceProviderConfigRoute } from "@/lib/scim-http/handler";

export const { GET } = serviceProviderConfigRoute();
