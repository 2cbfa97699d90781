// Every plugin of sluice's catalogue, loaded by the real Better Auth with the
// options `sluice auth generate --emit-config json` printed, against tables
// sluice created. Better Auth 1.7 compares the tables and columns it will
// write with the database before every call (missing table, missing column,
// required column it never writes): a call that succeeds means every
// plugin's schema is there under the names the options give.
//
//   node allplugins.mjs --options options.json (--pg URL | --sqlite FILE)
import { openDatabase, options } from "./db.mjs";
import { betterAuth } from "better-auth";
import {
  admin, anonymous, deviceAuthorization, jwt, lastLoginMethod, organization, phoneNumber, siwe,
  twoFactor, username,
} from "better-auth/plugins";
import { apiKey } from "@better-auth/api-key";
import { passkey } from "@better-auth/passkey";
import { sso } from "@better-auth/sso";
import { oauthProvider } from "@better-auth/oauth-provider";

const { database, close } = await openDatabase();

// What each plugin needs beyond its schema options to start.
const makers = {
  twoFactor, username, admin, organization, anonymous, jwt, lastLoginMethod,
  phoneNumber: (o) => phoneNumber({ ...o, sendOTP: async () => {} }),
  deviceAuthorization: (o) => deviceAuthorization({ ...o, verificationUri: "/device" }),
  siwe: (o) => siwe({ ...o, domain: "localhost", getNonce: async () => "nonce", verifyMessage: async () => true }),
  apiKey, passkey, sso,
  oauthProvider: (o) => oauthProvider({ ...o, loginPage: "/login", consentPage: "/consent" }),
};
let passed = 0;
let failed = 0;
const plugins = [];
for (const [id, opts] of Object.entries(options.plugins ?? {})) {
  if (!makers[id]) {
    failed++;
    console.log(`FAIL plugin ${id}: not known to this script`);
    continue;
  }
  plugins.push(makers[id](opts));
}
const auth = betterAuth({
  ...options,
  database,
  secret: "sluice-e2e-secret-sluice-e2e-secret-0123456789",
  baseURL: "http://localhost:3000",
  emailAndPassword: { enabled: true },
  plugins,
  logger: { disabled: true },
});

async function step(name, fn) {
  try {
    const detail = await fn();
    passed++;
    console.log(`ok   ${name}${detail ? ` (${detail})` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.body?.message ?? e?.message ?? e}`);
  }
}

await step(`Better Auth starts with ${plugins.length} plugins: ${Object.keys(options.plugins ?? {}).join(", ")}`, async () => {
  const s = await auth.api.getSession({ headers: new Headers() });
  if (s) throw new Error("a session without a cookie");
  return "schema check passed";
});
await step("signUpEmail writes a user with every plugin's user columns", async () => {
  const r = await auth.api.signUpEmail({
    body: { email: `all.${Date.now()}@example.com`, password: "correct-horse-battery", name: "All", username: "all_plugins" },
  });
  if (!r?.user?.id) throw new Error("no user returned");
  return `user id ${r.user.id}`;
});
await close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
