import Link from "next/link";
import { getCurrentUser } from "@/server/auth/session";

// An invitation link that matches none (app/invite/[token]/page.tsx): a 404, with a way on.
export default async function InviteNotFound() {
  const user = await getCurrentUser();
  return (
    <div className="form-page">
      <h1>Invitation not found</h1>
      <p className="notice notice--error" role="alert">
        This invitation does not exist. Check the link, or ask for a new one.
      </p>
      <p>
        <Link href={user ? "/groups" : "/"}>{user ? "Your groups" : "Back to the library"}</Link>
      </p>
    </div>
  );
}
