// next-auth (Auth.js v5): operators sign in with email + password, or through the
// organization's own OIDC identity provider (PingOne, Okta, Entra ID…) when configured.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { clientIp } from "./client-ip";
import { authenticateOperator, findOperatorByEmail, operatorForOidc } from "./operators";
import { RateLimitedError, accountFailureBudget, checkFailures, ipFailureBudgets, recordFailure } from "./rate-limit";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(256),
});

export const OIDC_PROVIDER_ID = "oidc";

/** Too many failed sign-ins from this IP or for this account: the password is not even checked. */
export class SignInThrottled extends CredentialsSignin {
  override code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

function providers(): NextAuthConfig["providers"] {
  const list: NextAuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const db = await getDb();
        // Every route to a session comes through here (the sign-in form's server action and
        // a direct POST to /api/auth/callback/credentials alike), so this is where guessing stops.
        const budgets = [...ipFailureBudgets(clientIp(request.headers)), accountFailureBudget(parsed.data.email)];
        try {
          await checkFailures(db, budgets);
        } catch (error) {
          if (error instanceof RateLimitedError) throw new SignInThrottled(error.retryAfterSeconds);
          throw error;
        }
        const op = await authenticateOperator(db, parsed.data.email, parsed.data.password);
        if (!op) {
          await recordFailure(db, budgets);
          throw new CredentialsSignin();
        }
        return { id: op.id, email: op.email, name: op.name };
      },
    }),
  ];
  const oidc = env().oidc;
  if (oidc) {
    const provider: OIDCConfig<{ sub: string; email?: string; name?: string; email_verified?: boolean }> = {
      id: OIDC_PROVIDER_ID,
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
    };
    list.push(provider);
  }
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: providers(),
  callbacks: {
    // Only same-site paths, kept relative: behind proxies (and inside Next's server actions)
    // the origin Auth.js sees may differ from the browser's, so the browser resolves it.
    redirect({ url }) {
      try {
        const target = new URL(url, "http://relative.invalid");
        return `${target.pathname}${target.search}${target.hash}`;
      } catch {
        return "/orgs";
      }
    },
    async signIn({ account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const email = typeof profile?.email === "string" ? profile.email : undefined;
      if (!email || profile?.email_verified === false) return "/login?error=OidcNoEmail";
      const op = await operatorForOidc(
        await getDb(),
        email,
        typeof profile?.name === "string" ? profile.name : undefined,
        env().oidc?.allowedDomains ?? [],
      );
      return op ? true : "/login?error=OidcNotAllowed";
    },
    async jwt({ token, account, user, profile }) {
      // The token's subject is always our operator id, whichever provider signed in.
      if (account?.provider === OIDC_PROVIDER_ID && typeof profile?.email === "string") {
        const op = await findOperatorByEmail(await getDb(), profile.email);
        if (op) {
          token.sub = op.id;
          token.email = op.email;
          token.name = op.name ?? token.name;
        }
      } else if (user?.id) {
        token.sub = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
