import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExportPanel } from "./export-panel";

describe("ExportPanel", () => {
  it("tells apart readings of the same title in Notes from (an original and a re-uploaded copy)", () => {
    const html = renderToStaticMarkup(
      <ExportPanel
        documents={[
          { slug: "margins-1a2b", title: "Notes from the Margins", addedAt: "2026-03-01T09:00:00.000Z" },
          { slug: "margins-3c4d", title: "Notes from the Margins", addedAt: "2026-03-12T09:00:00.000Z" },
          { slug: "tides-eeee", title: "Tides and Moons", addedAt: "2026-03-12T10:00:00.000Z" },
        ]}
      />,
    );
    expect(html).toContain('<option value="margins-1a2b">Notes from the Margins (added 1 Mar 2026)</option>');
    expect(html).toContain('<option value="margins-3c4d">Notes from the Margins (added 12 Mar 2026)</option>');
    expect(html).toContain('<option value="tides-eeee">Tides and Moons</option>');
  });
});
