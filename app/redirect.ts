/**
 * Where to send someone after signing in (or any other `redirectTo`): only a path on this site, or "/".
 * Browsers read `/\evil.example`, `/%09/evil.example` and `//evil.example` as other sites, and a control
 * character would break the Location header, so the path is resolved the way a browser would and kept only
 * when it stays on this origin and starts with a single "/".
 */
export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  // Control characters and backslashes have no place in our own links; browsers strip or reinterpret them.
  if (hasControlOrBackslash(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (hasControlOrBackslash(decoded) || decoded.startsWith("//")) return fallback;
  const base = "http://this.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}
