/**
 * A GitHub OAuth stand-in for the browser tests (E2E_PORT + 102), speaking the GitHub Enterprise Server URLs the
 * app uses when AUTH_GITHUB_BASE_URL is set: the authorize page (with an "Authorize" button, like GitHub's consent
 * screen), the code-for-token exchange (client secret and PKCE checked), and the `/api/v3/user` and
 * `/api/v3/user/emails` endpoints. `POST /__e2e/github/user` sets who is "signed in to GitHub" for the next authorize.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export const E2E_GITHUB = { clientId: "e2e-skyport-github-client", clientSecret: "e2e-skyport-github-secret" } as const;
export const githubStandInPort = (e2ePort: number) => e2ePort + 102;

export interface GitHubUser {
  id: number;
  login: string;
  name: string;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => resolve(raw));
  });

const json = (res: ServerResponse, status: number, body: unknown) => {
  // Refusals are printed so a failing OAuth test says which check the app failed.
  if (status >= 400) console.error("[github stand-in]", status, JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startGitHubStandIn(port: number): Promise<{ server: Server; env: Record<string, string> }> {
  let current: GitHubUser | null = null;
  const codes = new Map<string, { user: GitHubUser; redirectUri: string; challenge: string | null }>();
  const tokens = new Map<string, GitHubUser>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const body = req.method === "POST" ? await readBody(req) : "";
    if (req.method === "POST" && url.pathname === "/__e2e/github/user") {
      current = JSON.parse(body) as GitHubUser;
      return json(res, 200, { ok: true });
    }
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      if (url.searchParams.get("client_id") !== E2E_GITHUB.clientId) return json(res, 400, { error: "unknown client" });
      const fields = ["redirect_uri", "state", "code_challenge"]
        .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(url.searchParams.get(k) ?? "")}">`)
        .join("");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorize Skyport · GitHub stand-in</title></head>
<body><h1>Authorize Skyport</h1><p>Signed in to GitHub as ${escapeHtml(current?.login ?? "nobody")}</p>
<form method="post" action="/login/oauth/authorize">${fields}<button type="submit">Authorize</button></form></body></html>`);
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/authorize") {
      const form = new URLSearchParams(body);
      if (!current) return json(res, 400, { error: "no GitHub user set" });
      const code = randomBytes(16).toString("hex");
      codes.set(code, { user: current, redirectUri: form.get("redirect_uri") ?? "", challenge: form.get("code_challenge") || null });
      const back = new URL(form.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      if (form.get("state")) back.searchParams.set("state", form.get("state")!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      const form = new URLSearchParams(body);
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (basic[0] !== E2E_GITHUB.clientId || basic[1] !== E2E_GITHUB.clientSecret) return json(res, 401, { error: "incorrect_client_credentials" });
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(res, 400, { error: "bad_verification_code", got: form.get("redirect_uri"), want: grant?.redirectUri });
      const verifier = form.get("code_verifier") ?? "";
      if (grant.challenge && createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) {
        return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      }
      const accessToken = `gho_${randomBytes(18).toString("hex")}`;
      tokens.set(accessToken, grant.user);
      return json(res, 200, { access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" });
    }
    const user = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (req.method === "GET" && url.pathname === "/api/v3/user") {
      if (!user) return json(res, 401, { message: "Bad credentials" });
      // Like GitHub: the public profile email is whatever the user chose to show (here: none).
      return json(res, 200, { id: user.id, login: user.login, name: user.name, email: null, avatar_url: null });
    }
    if (req.method === "GET" && url.pathname === "/api/v3/user/emails") {
      if (!user) return json(res, 401, { message: "Bad credentials" });
      return json(res, 200, user.emails.map((e) => ({ ...e, visibility: e.primary ? "private" : null })));
    }
    json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    server,
    env: {
      AUTH_GITHUB_ID: E2E_GITHUB.clientId,
      AUTH_GITHUB_SECRET: E2E_GITHUB.clientSecret,
      AUTH_GITHUB_BASE_URL: `http://127.0.0.1:${port}`,
    },
  };
}
