// The real Better Auth server API against a database whose tables sluice
// created, with the options `sluice auth generate --emit-config json` printed.
//
//   node smoke.mjs --options options.json (--pg URL | --mysql URL | --sqlite FILE) [--expect-gap COLUMN]
//
// Steps: sign up, sign in, get the session with the returned cookie, sign in
// by username, create an organization and invite, enable two-factor, list
// users as admin, sign out. Each step prints `ok` or `FAIL`, and the last
// line is `N passed, N failed`. With --expect-gap, the first call must fail
// with Better Auth's schema-mismatch error naming COLUMN (what `sluice auth
// check` reported).
import { args, openDatabase, options } from "./db.mjs";
import { betterAuth } from "better-auth";
import { admin, organization, twoFactor, username } from "better-auth/plugins";

const { database, close } = await openDatabase();

const makers = { admin, organization, twoFactor, username };
const plugins = Object.entries(options.plugins ?? {}).map(([id, opts]) => {
  if (!makers[id]) throw new Error(`plugin ${id} is not part of this test`);
  return makers[id](opts);
});
const auth = betterAuth({
  ...options,
  database,
  secret: "sluice-e2e-secret-sluice-e2e-secret-0123456789",
  baseURL: "http://localhost:3000",
  emailAndPassword: { enabled: true },
  plugins,
  logger: { disabled: true },
});

let passed = 0;
let failed = 0;
async function step(name, fn) {
  try {
    const detail = await fn();
    passed++;
    console.log(`ok   ${name}${detail ? ` (${detail})` : ""}`);
    return true;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.body?.message ?? e?.message ?? e}`);
    return false;
  }
}
function check(cond, what) {
  if (!cond) throw new Error(what);
}
/** The cookie header for the next request, from a response's Set-Cookie. */
function cookieFrom(headers) {
  const set = headers.getSetCookie ? headers.getSetCookie() : [headers.get("set-cookie")];
  return set.filter(Boolean).map((c) => c.split(";")[0]).join("; ");
}

const email = `ada.${Date.now()}@example.com`;
const password = "correct-horse-battery";

if (args["expect-gap"]) {
  await step(`Better Auth refuses to run: schema mismatch naming ${args["expect-gap"]}`, async () => {
    let error;
    try {
      await auth.api.signUpEmail({ body: { email, password, name: "Ada" } });
    } catch (e) {
      error = e;
    }
    check(error, "sign-up succeeded although the database has the gap");
    const text = `${error?.code ?? ""} ${error?.body?.code ?? ""} ${error?.message ?? ""} ${error?.body?.message ?? ""}`;
    check(text.includes(args["expect-gap"]), `the error does not name ${args["expect-gap"]}: ${text}`);
    return text.trim().slice(0, 160).replace(/\s+/g, " ");
  });
} else {
  let cookie = "";
  let userId;
  await step("signUpEmail", async () => {
    const r = await auth.api.signUpEmail({ body: { email, password, name: "Ada", username: "ada" } });
    check(r?.user?.id, "no user returned");
    userId = r.user.id;
    return `user id ${userId}`;
  });
  await step("signInEmail", async () => {
    const r = await auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
    cookie = cookieFrom(r.headers);
    check(cookie.includes("session_token"), "no session cookie");
    return "session cookie set";
  });
  const headers = () => new Headers({ cookie });
  await step("getSession", async () => {
    const s = await auth.api.getSession({ headers: headers() });
    check(s?.user?.email === email, "no session for the cookie");
    return `session of ${s.user.email}`;
  });
  await step("signInUsername", async () => {
    const r = await auth.api.signInUsername({ body: { username: "ada", password } });
    check(r?.user?.id == userId, "username sign-in returned another user");
    return "by username";
  });
  let orgId;
  await step("organization create", async () => {
    const o = await auth.api.createOrganization({ body: { name: "Acme", slug: `acme-${Date.now()}` }, headers: headers() });
    check(o?.id, "no organization returned");
    orgId = o.id;
    return `organization ${orgId}`;
  });
  await step("organization invite", async () => {
    const i = await auth.api.createInvitation({ body: { email: "bob@example.com", role: "member", organizationId: orgId }, headers: headers() });
    check(i?.id, "no invitation returned");
    return `invitation ${i.status}`;
  });
  await step("twoFactor enable", async () => {
    const r = await auth.api.enableTwoFactor({ body: { password }, headers: headers() });
    check(r?.totpURI?.startsWith("otpauth://"), "no TOTP URI");
    return "TOTP secret stored";
  });
  await step("admin listUsers", async () => {
    const ctx = await auth.$context;
    await ctx.internalAdapter.updateUser(userId, { role: "admin" });
    const r = await auth.api.listUsers({ query: {}, headers: headers() });
    check(r?.users?.some((u) => u.email === email), "the user is not listed");
    return `${r.total} user(s)`;
  });
  await step("signOut", async () => {
    await auth.api.signOut({ headers: headers() });
    const s = await auth.api.getSession({ headers: headers() });
    check(!s, "the session survived sign-out");
    return "session gone";
  });
}
await close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
