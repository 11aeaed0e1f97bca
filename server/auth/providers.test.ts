import { describe, expect, it } from "vitest";
import { authProviders, externalProviders, gitHubPrimaryEmail } from "./providers";

describe("identity providers", () => {
  it("offers only email and password when no provider is configured", () => {
    expect(externalProviders({} as NodeJS.ProcessEnv)).toEqual([]);
    expect(authProviders({} as NodeJS.ProcessEnv).map((provider) => provider.id)).toEqual(["credentials"]);
  });

  it("switches GitHub, Google and OIDC on only when all their variables are set", () => {
    const env = {
      GITHUB_ID: "gh",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_CLIENT_ID: "g", // no secret: stays off
      OIDC_ISSUER: "https://sso.uni.example/",
      OIDC_CLIENT_ID: "oidc",
      OIDC_CLIENT_SECRET: "oidc-secret",
      OIDC_NAME: "Uni SSO",
    } as unknown as NodeJS.ProcessEnv;
    expect(externalProviders(env)).toEqual([
      { id: "github", name: "GitHub" },
      { id: "oidc", name: "Uni SSO" },
    ]);
    const providers = authProviders(env);
    expect(providers.map((provider) => provider.id)).toEqual(["credentials", "github", "oidc"]);
    const oidc = providers.find((provider) => provider.id === "oidc") as { wellKnown?: string };
    expect(oidc.wellKnown).toBe("https://sso.uni.example/.well-known/openid-configuration");
  });
});

describe("GitHub's email", () => {
  it("is the primary address, verified only when GitHub says so; a public address alone proves nothing", () => {
    const emails = [
      { email: "old@example.com", primary: false, verified: true },
      { email: "me@example.com", primary: true, verified: true },
    ];
    expect(gitHubPrimaryEmail(emails, "public@example.com")).toEqual({ email: "me@example.com", email_verified: true });
    expect(gitHubPrimaryEmail([{ email: "me@example.com", primary: true, verified: false }], null)).toEqual({
      email: "me@example.com",
      email_verified: false,
    });
    expect(gitHubPrimaryEmail([], "public@example.com")).toEqual({ email: "public@example.com", email_verified: false });
  });
});
