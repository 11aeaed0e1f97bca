import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ExportPanel } from "@/components/notes/export-panel";
import { ImportPanel } from "@/components/notes/import-panel";
import { NotesBrowser } from "@/components/notes/notes-browser";
import { KeepNotesOffline } from "@/components/offline/keep-notes-offline";
import { UnsentChanges } from "@/components/offline/unsent-changes";
import { toNoteItems } from "@/lib/annotations/note-items";
import { listMyNotes } from "@/server/annotations/list-my-notes";
import { getCurrentUser } from "@/server/auth/session";
import { listDocuments } from "@/server/documents/list-documents";
import { getReaderPreferences } from "@/server/preferences/reader-preferences";

export const metadata: Metadata = { title: "My notes" };

// Every annotation I wrote, across documents: find, filter, export, import.
export default async function NotesPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/notes");
  const [notes, preferences, library] = await Promise.all([listMyNotes(user), getReaderPreferences(user.id), listDocuments(user)]);
  // When each reading was added, to tell apart readings of the same title: one no longer open to
  // the reader is not in the library, and its first version is as old.
  const addedAt = new Map(library.map((document) => [document.slug, document.createdAt]));
  const noteDocuments = notes.map(({ document }) => ({
    ...document,
    addedAt: addedAt.get(document.slug) ?? document.versions?.[0]?.createdAt ?? "",
  }));
  return (
    <div className="page notes-page">
      <h1>My notes</h1>
      <UnsentChanges userId={user.id} />
      <div className="notes-page__layout">
        <NotesBrowser
          documents={notes.map(({ annotations }, index) => ({ document: noteDocuments[index], notes: toNoteItems(annotations) }))}
          colorLabels={preferences.colorLabels}
        />
        <div className="notes-page__side">
          {/* One reading's export opens it; notes on a reading no longer open are in "All documents". */}
          <ExportPanel documents={noteDocuments.filter((document) => document.isOpen !== false)} />
          <ImportPanel documents={library.map((document) => ({ ...document, addedAt: document.createdAt }))} />
        </div>
      </div>
      <KeepNotesOffline userId={user.id} />
    </div>
  );
}
