import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { DeleteReadingSection, ReadingSettingsForm } from "@/components/readings/reading-settings-form";
import { ReadingVersionEditor } from "@/components/readings/reading-version-editor";
import { AppError } from "@/lib/errors";
import { getCurrentUser } from "@/server/auth/session";
import { listMyGroupMemberships } from "@/server/authz/viewer-access";
import { getReading } from "@/server/documents/get-reading";
import { slugFromParam } from "@/lib/documents/slug-param";

export const metadata: Metadata = { title: "Reading settings" };

type Props = { params: Promise<{ slug: string }> };

// /read/{slug}/settings - the owner edits a reading's metadata and sharing, corrects its text (a new version), or deletes it
export default async function ReadingSettingsPage({ params }: Props) {
  const slug = slugFromParam((await params).slug);
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/read/${slug}/settings`)}`);
  const reading = await getReading(user, slug).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!reading || !reading.permissions.update) notFound();
  const groups = await listMyGroupMemberships(user.id);
  return (
    <div className="page">
      <p>
        <Link href={`/read/${slug}`}>← Back to the reading</Link>
      </p>
      <h1>Reading settings</h1>
      <ReadingSettingsForm reading={reading} groups={groups.map(({ id, name }) => ({ id, name }))} />
      <h2>Correct the text</h2>
      <ReadingVersionEditor slug={reading.slug} text={reading.version.text} versionNumber={reading.version.number} />
      <DeleteReadingSection reading={reading} />
    </div>
  );
}
