import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NOTHING_TYPED } from "@/lib/assignments/assignment-form-state";
import { ZAssignmentDto } from "@/lib/assignments/responses";
import { EditAssignmentForm } from "./edit-assignment-form";

// Due 09:00 in New York (14:00 UTC, 23:00 in Tokyo): what the form shows as the time it stands at.
const assignment = ZAssignmentDto.parse({
  id: "as1",
  group: { id: "g1", name: "HIST 101" },
  document: { slug: "essay", title: "Essay" },
  title: "Read and annotate",
  instructions: "",
  opensAt: "2026-12-14T14:00:00.000Z",
  dueAt: "2026-12-20T14:00:00.000Z",
  closedAt: null,
  updatedAt: "2026-12-08T10:00:00.000Z",
  position: 0,
  expectations: { annotations: 2, replies: 1, readPercent: 0 },
  questions: { color: null, tag: null },
  grading: { mode: "scaled", points: 10, count: "separate", latePenaltyPercent: 0, rubricPercent: 0 },
  gradesReleasedAt: null,
});

const render = (timeZone: string | null) =>
  renderToStaticMarkup(<EditAssignmentForm assignment={assignment} timeZone={timeZone} action={async () => NOTHING_TYPED} />);

describe("EditAssignmentForm", () => {
  it("shows the times as they stand in the group's time zone, named, where new times are typed in it", () => {
    const html = render("America/New_York");
    expect(html).toContain('Due <time dateTime="2026-12-20T14:00:00.000Z">20 Dec 2026, 09:00 (America/New_York)</time>');
    expect(html).toContain('Opens <time dateTime="2026-12-14T14:00:00.000Z">14 Dec 2026, 09:00 (America/New_York)</time>');
    expect(html).toContain("New times are in the group&#x27;s time zone, America/New_York.");
  });

  it("without a group time zone, shows them in the reader's own (UTC, said so, until the page runs)", () => {
    expect(render(null)).toContain('Due <time dateTime="2026-12-20T14:00:00.000Z">20 Dec 2026, 14:00 UTC</time>');
  });
});
