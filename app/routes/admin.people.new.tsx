import { pageTitle } from "../content";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { authorise, clientAddress, forgetViewers } from "../auth/guard.server";
import { ErrorSummary } from "../components/error-summary";
import { Button, Form, Select, TextInput } from "../components/form";
import { getDb } from "../db.server";
import { groupingLabel, regionCodes } from "../domain/organisation";
import { roleLabels, roles } from "../domain/roles";
import { fieldErrors, formValues } from "../forms";
import { RoleGrantSchema } from "../models/role-grant";
import { grantRole, PersonInputError } from "../models/person.server";
import { readForm } from "../forms.server";
import { storageSafe } from "../storage.server";
import { titled } from "../components/page-title";

export const handle = titled(() => pageTitle("Add a person or a role"));

export async function loader({ request }: LoaderFunctionArgs) {
  await authorise(request, "administer");
  return null;
}

export const action = storageSafe(async ({ request, context }: ActionFunctionArgs) => {
  const viewer = await authorise(request, "administer");
  const posted = formValues(await readForm(request));
  const parsed = RoleGrantSchema.safeParse(posted);
  // Everything typed comes back after an error, except the first password: it never travels back.
  const { password: _password, ...values } = posted;
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    await grantRole(getDb(), parsed.data, {
      personId: viewer.id,
      address: clientAddress(context),
    });
  } catch (error) {
    if (error instanceof PersonInputError)
      return data({ errors: { [error.field]: error.message }, values }, { status: 400 });
    throw error;
  }
  forgetViewers();
  return redirect("/admin/people?added=1");
});

export default function AddPerson() {
  const outcome = useActionData<typeof action>();
  const errors = outcome?.errors as Record<string, string> | undefined;
  const values = (outcome?.values ?? {}) as Record<string, string>;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1>Add a person or a role</h1>
        <p>If the email address is new, the person is added with the name and first password you give.</p>
        <Form method="post">
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={values.email}
            error={errors?.email}
          />
          <TextInput
            name="name"
            label="Full name"
            hint="Only needed for a new person"
            value={values.name}
            error={errors?.name}
          />
          <TextInput
            name="password"
            label="First password"
            hint="Only needed for a new person. At least 12 characters. Tell them to change it."
            type="password"
            autoComplete="new-password"
            error={errors?.password}
          />
          <Select
            name="role"
            label="Role"
            value={values.role}
            error={errors?.role}
            options={[
              { value: "", label: "Choose a role" },
              ...roles.map((r) => ({ value: r, label: roleLabels[r] })),
            ]}
          />
          <TextInput
            name="organisationCode"
            label="Organisation ODS code"
            hint="For contributors, organisation leads and board members"
            className="nhsuk-input--width-10"
            value={values.organisationCode}
            error={errors?.organisationCode}
          />
          <Select
            name="regionCode"
            label="Region"
            hint="For regional analysts"
            value={values.regionCode}
            error={errors?.regionCode}
            options={[
              { value: "", label: "No region" },
              ...regionCodes.map((c) => ({ value: c, label: groupingLabel(c) })),
            ]}
          />
          <Button>Add</Button>
        </Form>
        <p>
          <Link to="/admin/people">Back to people</Link>
        </p>
      </div>
    </div>
  );
}
