/*
 * The form kit: every NHS form element the service uses, in the design system's documented markup
 * (nhsuk-frontend 10's templates), each taking the value to show and its error. After a 400 a route passes
 * back what was posted, so nothing typed is lost; otherwise it passes the stored value. Fields stay
 * uncontrolled (the value is the default value), so they work without JavaScript and react-hook-form can
 * attach to them through `inputProps`. One file per family of controls; import them all from here.
 */
export { Button, CsrfField, Form } from "./form";
export { type ChoiceOption, Checkbox, Checkboxes, Radios } from "./choices";
export { describedBy, ErrorMessage, Fieldset, type InputProps } from "./field";
export { FileUpload, Textarea, TextInput } from "./inputs";
export { Select } from "./select";
