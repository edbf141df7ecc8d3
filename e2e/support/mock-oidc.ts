// A minimal OpenID Connect provider for tests: discovery, authorize (auto-consent as the
// configured user), token (with PKCE check), JWKS and userinfo. Stands in for PingOne.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";

export type MockUser = { sub: string; email: string; name: string; emailVerified?: boolean };

type Grant = { user: MockUser; nonce: string | null; challenge: string | null; clientId: string; redirectUri: string };

export class MockOidcProvider {
  readonly issuer: string;
  user: MockUser | undefined;
  private server: http.Server | undefined;
  private readonly grants = new Map<string, Grant>();
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private readonly kid = randomBytes(8).toString("hex");

  constructor(
    readonly port: number,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    this.issuer = `http://127.0.0.1:${port}`;
    this.keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once("error", reject);
      this.server?.listen(this.port, "127.0.0.1", resolve);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.issuer);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        userinfo_endpoint: `${this.issuer}/userinfo`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        scopes_supported: ["openid", "email", "profile"],
      });
    }
    if (url.pathname === "/jwks") {
      return json(200, { keys: [{ ...this.keys.publicKey.export({ format: "jwk" }), kid: this.kid, use: "sig", alg: "RS256" }] });
    }
    if (url.pathname === "/authorize") {
      const redirectUri = url.searchParams.get("redirect_uri") ?? "";
      if (url.searchParams.get("client_id") !== this.clientId || !redirectUri || !this.user) {
        return json(400, { error: "invalid_request" });
      }
      const code = randomBytes(16).toString("hex");
      this.grants.set(code, {
        user: this.user,
        nonce: url.searchParams.get("nonce"),
        challenge: url.searchParams.get("code_challenge"),
        clientId: this.clientId,
        redirectUri,
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      back.searchParams.set("iss", this.issuer);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const basic = req.headers.authorization?.replace(/^Basic /i, "");
      const [id, secret] = basic
        ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (id !== this.clientId || secret !== this.clientSecret) return json(401, { error: "invalid_client" });
      const grant = this.grants.get(form.get("code") ?? "");
      this.grants.delete(form.get("code") ?? "");
      if (!grant) return json(400, { error: "invalid_grant" });
      if (grant.challenge) {
        const verifier = form.get("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
          return json(400, { error: "invalid_grant", error_description: "PKCE" });
        }
      }
      const now = Math.floor(Date.now() / 1000);
      const idToken = this.jwt({
        iss: this.issuer,
        aud: this.clientId,
        sub: grant.user.sub,
        email: grant.user.email,
        email_verified: grant.user.emailVerified ?? true,
        name: grant.user.name,
        iat: now,
        exp: now + 300,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
      });
      return json(200, { access_token: `at-${grant.user.sub}`, token_type: "Bearer", expires_in: 300, id_token: idToken, scope: "openid email profile" });
    }
    if (url.pathname === "/userinfo") {
      const user = this.user;
      if (!user) return json(401, { error: "invalid_token" });
      return json(200, { sub: user.sub, email: user.email, email_verified: user.emailVerified ?? true, name: user.name });
    }
    json(404, { error: "not_found" });
  }

  private jwt(payload: Record<string, unknown>): string {
    const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: this.kid })).toString("base64url");
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const signature = sign("RSA-SHA256", Buffer.from(`${header}.${body}`), this.keys.privateKey).toString("base64url");
    return `${header}.${body}.${signature}`;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export const MOCK_OIDC = { port: Number(process.env.ROSTER_E2E_OIDC_PORT ?? 3199), clientId: "roster-e2e", clientSecret: "roster-e2e-secret", allowedDomain: "idp.example" };
