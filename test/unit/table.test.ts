import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table } from "../../app/components/table";

describe("the NHS table", () => {
  const html = renderToStaticMarkup(
    createElement(Table, {
      caption: "Scores",
      id: "scores",
      firstCellIsHeader: true,
      columns: ["Theme", { header: "Score", numeric: true }],
      rows: [
        { key: "a", cells: ["Paperless", "42.0"] },
        ["Cyber", { content: "No data", numeric: false, colSpan: 1, className: "app-x" }],
      ],
    }),
  );

  it("marks numeric columns and their cells", () => {
    expect(html).toContain(
      '<th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Score</th>',
    );
    expect(html).toContain('<td class="nhsuk-table__cell nhsuk-table__cell--numeric">42.0</td>');
    expect(html).toContain('<td class="nhsuk-table__cell app-x" colSpan="1">No data</td>');
  });

  it("makes the first cell the row header", () => {
    expect(html).toContain('<th scope="row" class="nhsuk-table__header">Paperless</th>');
  });

  it("scrolls inside the design system's scroll container, named by the caption", () => {
    expect(html).toMatch(
      /^<div class="nhsuk-scroll" data-module="nhsuk-scroll"><section class="nhsuk-scroll__content" aria-labelledby="scores-caption" tabindex="0">/,
    );
    expect(html).toContain(
      '<caption class="nhsuk-table__caption nhsuk-table__caption--s" id="scores-caption">Scores</caption>',
    );
  });

  it("can leave the scroll container out", () => {
    const bare = renderToStaticMarkup(
      createElement(Table, { caption: "x", columns: ["a"], rows: [["1"]], scroll: false }),
    );
    expect(bare.startsWith("<table")).toBe(true);
  });
});
