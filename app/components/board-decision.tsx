import { Radios, Textarea, TextInput } from "./form";

/**
 * The board's decision on what it was sent (an assessment, or an improvement plan): agree with a signed name,
 * or return with a comment. One set of fields, so both decisions read and behave alike.
 */
export function BoardDecisionFields({
  agree,
  returnLabel,
  signHint,
  commentHint,
  commentMax,
  viewerName,
  values,
  errors,
}: {
  /** The agreeing option: its posted value ("sign-off", "approve") and its label. */
  agree: { value: string; label: string };
  returnLabel: string;
  signHint: string;
  commentHint: string;
  commentMax: number;
  viewerName: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined> | undefined;
}) {
  return (
    <>
      <Radios
        name="decision"
        legend="Your decision"
        legendHeading="h2"
        error={errors?.decision}
        value={values.decision}
        options={[agree, { value: "return", label: returnLabel }]}
      />
      <TextInput
        name="signedName"
        label="Name you sign with"
        hint={signHint}
        value={values.signedName ?? viewerName}
        error={errors?.signedName}
        autoComplete="name"
      />
      <Textarea
        name="comment"
        label="Comment"
        hint={commentHint}
        rows={4}
        characterCount={commentMax}
        value={values.comment}
        error={errors?.comment}
      />
    </>
  );
}
