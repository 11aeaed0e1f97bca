// A small but real OpenID Connect issuer for tests: discovery document, JWKS, and a token endpoint
// that answers an authorization code with an RS256-signed ID token carrying whatever claims the
// test chose for that code. next-auth (openid-client) discovers it, calls it and verifies the
// signature exactly as it would a university's single sign-on.
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type IdTokenClaims = { sub: string; email?: string; email_verified?: unknown; name?: string };

export type OidcIssuer = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A code the token endpoint will exchange for an ID token with these claims (once). */
  issueCode(claims: IdTokenClaims): string;
  close(): Promise<void>;
};

function base64url(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key";
  const clientId = "marginalia-test";
  const clientSecret = randomBytes(16).toString("hex");
  const codes = new Map<string, IdTokenClaims>();
  let issuer = "";

  function idToken(claims: IdTokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: "RS256", typ: "JWT", kid });
    const payload = base64url({ iss: issuer, aud: clientId, iat: now, exp: now + 300, ...claims });
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    const json = (status: number, body: object) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      });
    }
    if (url.pathname === "/jwks") return json(200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] });
    if (url.pathname === "/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        const code = new URLSearchParams(body).get("code") ?? "";
        const claims = codes.get(code);
        codes.delete(code);
        if (!claims) return json(400, { error: "invalid_grant" });
        json(200, { access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: idToken(claims) });
      });
      return;
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    clientId,
    clientSecret,
    issueCode(claims) {
      const code = randomBytes(16).toString("hex");
      codes.set(code, claims);
      return code;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
