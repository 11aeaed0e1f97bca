import Link from "next/link";
import { DueList } from "@/components/assignments/due-list";
import { KeptMarks } from "@/components/offline/kept-marks";
import { formatReadingTime } from "@/lib/documents/format-reading-time";
import { LIBRARY_FILTERS, LIBRARY_SORTS, type LibraryFilter } from "@/lib/documents/reading-visibility";
import { emailVerificationState } from "@/server/auth/email-verification";
import { getCurrentUser } from "@/server/auth/session";
import { isDueForMe, keepsReadingOnDevice, listMyAssignments } from "@/server/assignments/list-my-assignments";
import { listDocuments } from "@/server/documents/list-documents";
import { listMyGroups } from "@/server/groups/list-my-groups";
import { RefreshWhenSentElsewhere } from "@/components/offline/refresh-when-sent-elsewhere";

type Param = string | string[] | undefined;
type Props = { searchParams: Promise<{ filter?: Param; group?: Param; q?: Param; sort?: Param }> };

const first = (value: Param) => (Array.isArray(value) ? value[0] : value);

const FILTER_LABELS: Record<LibraryFilter, string> = { all: "All", mine: "Mine", group: "My groups'", public: "Public" };
const SHARING_LABELS = { private: "Only me", group: "Group", public: "Public" } as const;

// The library: the readings I may read (mine, my groups', public ones), with the annotations I can see on each.
// A GET form: search, filter and sort work without JavaScript, and each result has its own address.
export default async function LibraryPage({ searchParams }: Props) {
  const params = await searchParams;
  const filter = LIBRARY_FILTERS.find((candidate) => candidate === first(params.filter)) ?? "all";
  // Control characters (a NUL in `?q=%00`) are nothing anyone searches for, and no page may write them out.
  const search = (first(params.q) ?? "")
    .replace(/\p{Cc}/gu, " ")
    .trim()
    .slice(0, 200);
  const defaultSort = search ? "relevance" : "newest";
  const sort = LIBRARY_SORTS.find((candidate) => candidate === first(params.sort)) ?? defaultSort;
  const user = await getCurrentUser();
  const groups = user ? await listMyGroups(user) : [];
  const groupId = groups.find((group) => group.id === first(params.group))?.id;
  const [documents, mine, verification] = await Promise.all([
    listDocuments(user, filter, { search, groupId, sort }),
    user ? listMyAssignments(user) : Promise.resolve([]),
    user ? emailVerificationState(user.id) : Promise.resolve(null),
  ]);
  const now = new Date();
  const due = mine.filter((assignment) => isDueForMe(assignment, now));
  /** The library's address with these choices, the others kept. */
  const hrefWith = (changes: { filter?: LibraryFilter; group?: string }) => {
    const query = new URLSearchParams({
      ...(changes.filter && changes.filter !== "all" && { filter: changes.filter }),
      ...(changes.group && { group: changes.group }),
      ...(search && { q: search }),
      ...(sort !== defaultSort && { sort }),
    });
    return query.size > 0 ? `/?${query}` : "/";
  };
  const isNarrowed = filter !== "all" || groupId !== undefined || search !== "";
  return (
    <div className="page library">
      <RefreshWhenSentElsewhere />
      <div className="library__header">
        <h1>Library</h1>
        {user ? (
          <Link className="button" href="/readings/new">
            Add a reading
          </Link>
        ) : null}
      </div>
      {verification && !verification.isVerified && verification.hasLinkOut ? (
        // Where the sign-up's mail went, while its link works: nothing else said so (an independent check).
        <p className="notice library__mail">
          We sent a link to <strong>{verification.email}</strong> to confirm the address is yours; it works for a day. You can read and
          annotate already. No mail? <Link href="/account">Send another from your account page</Link>.
        </p>
      ) : null}
      {due.length > 0 ? (
        <section aria-labelledby="due-heading" className="panel library__due">
          <h2 id="due-heading">Due</h2>
          <DueList assignments={due} showGroup />
        </section>
      ) : null}
      {user ? (
        <nav className="library__filters" aria-label="Show readings">
          {LIBRARY_FILTERS.map((candidate) => (
            <Link
              key={candidate}
              href={hrefWith({ filter: candidate })}
              aria-current={candidate === filter && groupId === undefined ? "page" : undefined}
            >
              {FILTER_LABELS[candidate]}
            </Link>
          ))}
          {groups.map((group) => (
            <Link key={group.id} href={hrefWith({ group: group.id })} aria-current={group.id === groupId ? "page" : undefined}>
              {group.name}
            </Link>
          ))}
        </nav>
      ) : null}
      <form className="library__search" role="search" action="/" method="get">
        {filter !== "all" && <input type="hidden" name="filter" value={filter} />}
        {groupId && <input type="hidden" name="group" value={groupId} />}
        <div className="field field--compact">
          <label htmlFor="library-q">Search titles, authors and texts</label>
          <input id="library-q" type="search" name="q" defaultValue={search} maxLength={200} />
        </div>
        <div className="field field--compact">
          <label htmlFor="library-sort">Sort</label>
          <select id="library-sort" name="sort" defaultValue={sort}>
            {search ? <option value="relevance">Best match</option> : null}
            <option value="newest">Newest first</option>
            <option value="title">By title</option>
          </select>
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {isNarrowed && documents.length > 0 && (
        <p className="library__count" role="status">
          {documents.length === 1 ? "1 reading" : `${documents.length} readings`}
          {search ? ` match “${search}”` : ""}
        </p>
      )}
      {user ? (
        <KeptMarks
          userId={user.id}
          assigned={mine.filter((assignment) => keepsReadingOnDevice(assignment, now)).map((assignment) => assignment.document.slug)}
        />
      ) : null}
      {documents.length === 0 ? (
        <p role="status">
          {search ? `No readings match “${search}”.` : filter === "all" && !groupId ? "No readings yet." : "No readings here yet."}
        </p>
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
                    {document.isMine ? (
                      <>
                        {" · added by you · "}
                        <Link
                          href={`/read/${document.slug}/settings`}
                          aria-label={`Settings for ${document.title}: sharing, corrections, delete`}
                        >
                          Settings
                        </Link>
                      </>
                    ) : (
                      ""
                    )}
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
