import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AddReadingForm } from "@/components/readings/add-reading-form";
import { readReadingMaxBytes } from "@/lib/documents/reading-limits";
import { getCurrentUser } from "@/server/auth/session";
import { isPublicSharingAllowed } from "@/server/authz/documents";
import { listMyGroupMemberships } from "@/server/authz/viewer-access";

export const metadata: Metadata = { title: "Add a reading" };

// /readings/new - paste or upload a text, preview it, save it (private unless shared)
export default async function AddReadingPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/readings/new");
  const groups = await listMyGroupMemberships(user.id);
  return (
    <div className="page">
      <h1>Add a reading</h1>
      <p>Only you can read it until you share it with one of your groups.</p>
      <AddReadingForm
        groups={groups.map(({ id, name }) => ({ id, name }))}
        canShareWithEveryone={isPublicSharingAllowed()}
        maxMegabytes={Math.round(readReadingMaxBytes() / (1024 * 1024))}
      />
    </div>
  );
}
