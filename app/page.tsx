import Link from "next/link";
import { listDocuments } from "@/server/documents/list-documents";
import { formatReadingTime } from "@/lib/documents/format-reading-time";

// The library: every document anyone can read, no account needed.
export default async function LibraryPage() {
  const documents = await listDocuments();
  return (
    <div className="page library">
      <h1>Library</h1>
      {documents.length === 0 ? (
        <p>
          No documents yet. Run <code>npm run db:seed</code> to add the bundled articles.
        </p>
      ) : (
        <ul className="library__list">
          {documents.map((document) => (
            <li key={document.slug} className="library__item">
              <h2>
                <Link href={`/read/${document.slug}`}>{document.title}</Link>
              </h2>
              <p className="library__meta">
                {document.author ? `By ${document.author} · ` : ""}
                {formatReadingTime(document.readingMinutes)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
