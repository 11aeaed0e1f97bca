import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PreferencesForm } from "@/components/settings/preferences-form";
import { getCurrentUser } from "@/server/auth/session";
import { savePreferences } from "@/server/preferences/actions";
import { getReaderPreferences } from "@/server/preferences/reader-preferences";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/settings");
  return (
    <div className="page settings-page">
      <h1>Settings</h1>
      <PreferencesForm preferences={await getReaderPreferences(user.id)} save={savePreferences} />
    </div>
  );
}
