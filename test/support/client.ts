/**
 * A minimal browser-like HTTP client for tests: keeps cookies, does not follow redirects, and reads the
 * CSRF token that every signed-in page carries in its forms.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrfToken = "";

  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("Cookie", this.cookieHeader());
    const response = await fetch(this.baseUrl + path, { ...init, headers, redirect: "manual" });
    this.absorb(response.headers.getSetCookie());
    return response;
  }

  /** The Cookie header this client sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Keeps cookies the service set on a response this client did not make itself (an OIDC start, say). */
  absorb(setCookies: string[]) {
    for (const cookie of setCookies) {
      const [pair] = cookie.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      const value = rest.join("=");
      if (!name) continue;
      if (value === "" || /max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Reads the CSRF token from a signed-in page, as signIn does. */
  async readCsrfToken() {
    const home = await (await this.get("/")).text();
    this.csrfToken = home.match(/name="csrf" value="([^"]+)"/)?.[1] ?? "";
    return this;
  }

  /**
   * The same browser (cookies and CSRF token) talking to another server: sharing its cookies from now on, or
   * with a copy of them as they are now (`copy`), as a stolen or replayed cookie would be.
   */
  at(baseUrl: string, { copy = false } = {}): Client {
    const other = new Client(baseUrl);
    other.cookies = copy ? new Map(this.cookies) : this.cookies;
    other.csrfToken = this.csrfToken;
    return other;
  }

  get(path: string) {
    return this.request(path);
  }

  /** Posts a form as a browser would, adding the session's CSRF token unless the fields carry their own. */
  post(path: string, fields: Record<string, string | string[]> | FormData = {}) {
    let body: URLSearchParams | FormData;
    if (fields instanceof FormData) {
      body = fields;
      if (!body.has("csrf") && this.csrfToken) body.set("csrf", this.csrfToken);
    } else {
      body = new URLSearchParams();
      if (!("csrf" in fields) && this.csrfToken) body.set("csrf", this.csrfToken);
      for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    }
    return this.request(path, { method: "POST", body });
  }

  async signIn(email: string, password = "demo-password-2026") {
    const response = await this.post("/sign-in", { email, password });
    if (response.status !== 302) throw new Error(`sign-in as ${email} answered ${response.status}`);
    const home = await (await this.get("/")).text();
    this.csrfToken = home.match(/name="csrf" value="([^"]+)"/)?.[1] ?? "";
    return this;
  }
}
