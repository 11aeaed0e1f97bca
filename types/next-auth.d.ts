import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** User.sessionVersion when the token was issued; see server/auth/options.ts. */
    sessionVersion?: number;
    /** This session's own id, listed in RevokedSession once it signs out; see server/auth/options.ts. */
    sid?: string;
  }
}
