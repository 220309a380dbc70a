import { Radios, TextInput } from "./form";

/**
 * Who owns something (a plan's action, an evidence item): a person of the organisation (`person:<id>`), or a
 * named role when the owner has no account (`role`, with its name in `ownerRole`). One field, so the two
 * forms ask alike and their schemas read the same names.
 */
export function OwnerField({
  legend,
  roleHint,
  owners,
  value,
  role,
  errors,
}: {
  legend: string;
  roleHint: string;
  owners: readonly { id: number; name: string }[];
  value: string | undefined;
  role: string | undefined;
  errors: { owner?: string; ownerRole?: string } | undefined;
}) {
  return (
    <Radios
      name="owner"
      legend={legend}
      legendSize="s"
      hint="A person of the organisation, or a named role when the owner has no account"
      value={value}
      error={errors?.owner}
      options={[
        ...owners.map((o) => ({ value: `person:${o.id}`, label: o.name })),
        {
          value: "role",
          label: "A named role",
          conditional: (
            <TextInput name="ownerRole" label="Role" hint={roleHint} value={role} error={errors?.ownerRole} />
          ),
        },
      ]}
    />
  );
}
