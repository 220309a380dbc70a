/**
 * File names as the service keeps and sends them. A name is refused (not silently changed) when it holds a
 * path separator, a control character, or a character that makes a name read other than it is (bidirectional
 * overrides), or is "." or "..": the uploader is told, and nothing is stored. An accepted name is given the
 * extension of the type its content was found to be, so that what opens it is what it is.
 */
export type NameCheck = { ok: true; name: string } | { ok: false; error: string };

/** C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates. */
function hasUnsafeCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
    if (c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return true;
  }
  return false;
}

export function safeFileName(given: string, extensions: readonly string[], maxChars: number): NameCheck {
  const name = given.normalize("NFC").trim();
  if (name.length === 0) return { ok: false, error: "The selected file must have a name" };
  if (/[/\\]/.test(name))
    return { ok: false, error: "The file name must not contain / or \\ (path separators)" };
  if (hasUnsafeCharacter(name))
    return { ok: false, error: "The file name must not contain control or text-direction characters" };
  if (name === "." || name === ".." || /^\.+$/.test(name))
    return { ok: false, error: "The file name must be a name, not only dots" };
  if (name.length > maxChars)
    return { ok: false, error: `The file name must be ${maxChars} characters or fewer` };
  const lower = name.toLowerCase();
  const fitting = extensions.some((ext) => lower.endsWith(`.${ext}`));
  return { ok: true, name: fitting || extensions.length === 0 ? name : `${name}.${extensions[0]}` };
}

/**
 * A Content-Disposition header that always downloads: `attachment`, a plain ASCII fallback name (quotes and
 * anything outside printable ASCII replaced) and the exact name in RFC 5987's `filename*`.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["%;\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
