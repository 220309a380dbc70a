import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Checkbox, Checkboxes, Radios, Select, Textarea, TextInput } from "../../app/components/form";

// The form kit's markup, read as HTML: what each field shows after a 400 (the posted value and its error,
// linked for screen readers) and the design system's classes and ids the error summary links to.

const html = (element: ReturnType<typeof h>) => renderToStaticMarkup(element);
/** Every <input>'s attributes, in order of the markup. */
const inputs = (markup: string) =>
  [...markup.matchAll(/<input([^>]*)\/?>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/\s([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
const attribute = (markup: string, tag: string, name: string) =>
  new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(markup)?.[1];

describe("TextInput", () => {
  it("keeps the posted value and links its hint and error", () => {
    const markup = html(
      h(TextInput, {
        name: "email",
        label: "Email",
        hint: "At work",
        error: "Enter an email",
        value: "lead@",
      }),
    );
    expect(attribute(markup, "input", "value")).toBe("lead@");
    expect(attribute(markup, "input", "id")).toBe("email");
    expect(attribute(markup, "input", "aria-describedby")).toBe("email-hint email-error");
    expect(markup).toContain('class="nhsuk-form-group nhsuk-form-group--error"');
    expect(markup).toContain('class="nhsuk-input nhsuk-input--error"');
    expect(markup).toContain(
      '<span class="nhsuk-error-message" id="email-error"><span class="nhsuk-u-visually-hidden">Error:</span> Enter an email</span>',
    );
  });

  it("without an error: no error markup, nothing described by a missing id", () => {
    const markup = html(h(TextInput, { name: "name", label: "Name" }));
    expect(markup).not.toContain("error");
    expect(attribute(markup, "input", "aria-describedby")).toBeUndefined();
  });
});

describe("Textarea", () => {
  it("with a character count: the limit as a hint, described by it, the design system's module", () => {
    const markup = html(
      h(Textarea, { name: "reason", label: "Why", characterCount: 2000, value: "Because" }),
    );
    expect(markup).toContain('data-module="nhsuk-character-count"');
    expect(markup).toContain('data-maxlength="2000"');
    expect(markup).toContain("You can enter up to 2,000 characters");
    expect(attribute(markup, "textarea", "aria-describedby")).toBe("reason-info");
    expect(markup).toContain(">Because</textarea>");
  });
});

describe("Radios and checkboxes", () => {
  const options = [
    { value: "1", label: "One", hint: "The first" },
    { value: "2", label: "Two", conditional: h("p", null, "Revealed") },
  ];

  it("radios: the first option carries the field's id, the chosen one is checked, a conditional is hidden until chosen", () => {
    const markup = html(h(Radios, { name: "level", legend: "Level", value: "1", error: "Choose", options }));
    expect(inputs(markup)).toMatchObject([
      { id: "level", value: "1", checked: "" },
      { id: "level-2", value: "2" },
    ]);
    expect(inputs(markup)[1]).not.toHaveProperty("checked");
    expect(markup).toContain(
      'class="nhsuk-radios__conditional nhsuk-radios__conditional--hidden" id="conditional-level-2"',
    );
    expect(markup).toContain('aria-describedby="level-item-hint"');
    expect(markup).toMatch(/<fieldset[^>]*aria-describedby="level-error"/);
    const chosen = html(h(Radios, { name: "level", legend: "Level", value: "2", options }));
    expect(chosen).toContain('class="nhsuk-radios__conditional" id="conditional-level-2"');
  });

  it("checkboxes: several chosen, and the exclusive option after an 'or'", () => {
    const markup = html(
      h(Checkboxes, {
        name: "items",
        legend: "Items",
        value: ["a", "b"],
        options: [
          { value: "a", label: "A" },
          { value: "b", label: "B" },
          { value: "none", label: "None of these", exclusive: true },
        ],
      }),
    );
    expect(markup.match(/checked=""/g)).toHaveLength(2);
    expect(markup).toContain('<div class="nhsuk-checkboxes__divider">or</div>');
    expect(inputs(markup)[2]).toMatchObject({ value: "none", "data-behaviour": "exclusive" });
  });

  it("a single checkbox with its revealed part", () => {
    const markup = html(
      h(Checkbox, { name: "na", label: "Does not apply", checked: true, conditional: h("p", null, "Why") }),
    );
    expect(inputs(markup)).toMatchObject([{ id: "na", type: "checkbox", value: "yes", checked: "" }]);
    expect(markup).toContain('class="nhsuk-checkboxes__conditional" id="conditional-na"');
  });
});

describe("Select", () => {
  it("selects the posted value", () => {
    const markup = html(
      h(Select, {
        name: "scope",
        label: "For",
        value: "b",
        options: [
          { value: "a", label: "A" },
          { value: "b", label: "B" },
        ],
      }),
    );
    expect(markup).toContain('<option value="b" selected="">B</option>');
    expect(markup).toContain('<option value="a">A</option>');
  });
});
