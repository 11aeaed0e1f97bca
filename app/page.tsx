import Link from "next/link";
import { KeptMarks } from "@/components/offline/kept-marks";
import { formatReadingTime } from "@/lib/documents/format-reading-time";
import { LIBRARY_FILTERS, type LibraryFilter } from "@/lib/documents/reading-visibility";
import { getCurrentUser } from "@/server/auth/session";
import { listDocuments } from "@/server/documents/list-documents";

type Props = { searchParams: Promise<{ filter?: string | string[] }> };

const FILTER_LABELS: Record<LibraryFilter, string> = { all: "All", mine: "Mine", group: "My groups'", public: "Public" };
const SHARING_LABELS = { private: "Only me", group: "Group", public: "Public" } as const;

// The library: the readings I may read (mine, my groups', public ones), with the annotations I can see on each.
export default async function LibraryPage({ searchParams }: Props) {
  const requested = (await searchParams).filter;
  const filter = LIBRARY_FILTERS.find((candidate) => candidate === requested) ?? "all";
  const user = await getCurrentUser();
  const documents = await listDocuments(user, filter);
  return (
    <div className="page library">
      <div className="library__header">
        <h1>Library</h1>
        {user ? (
          <Link className="button" href="/readings/new">
            Add a reading
          </Link>
        ) : null}
      </div>
      {user ? (
        <nav className="library__filters" aria-label="Show readings">
          {LIBRARY_FILTERS.map((candidate) => (
            <Link
              key={candidate}
              href={candidate === "all" ? "/" : `/?filter=${candidate}`}
              aria-current={candidate === filter ? "page" : undefined}
            >
              {FILTER_LABELS[candidate]}
            </Link>
          ))}
        </nav>
      ) : null}
      {user ? <KeptMarks userId={user.id} /> : null}
      {documents.length === 0 ? (
        <p>{filter === "all" ? "No readings yet." : "No readings here yet."}</p>
      ) : (
        <ul className="library__list">
          {documents.map((document) => (
            <li key={document.slug} className="library__item" data-reading-slug={document.slug}>
              <h2>
                <Link href={`/read/${document.slug}`}>{document.title}</Link>
              </h2>
              <p className="library__meta">
                {document.author ? `By ${document.author} · ` : ""}
                {formatReadingTime(document.readingMinutes)}
                {user ? (
                  <>
                    {" · "}
                    {document.group
                      ? `${SHARING_LABELS[document.visibility]}: ${document.group.name}`
                      : SHARING_LABELS[document.visibility]}
                    {document.isMine ? " · added by you" : ""}
                    {" · "}
                    {document.annotationCount === 1 ? "1 annotation" : `${document.annotationCount} annotations`}
                    <span className="library__kept" hidden>
                      {" · "}Kept offline
                    </span>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
