// The review workflow in a real browser against a running `sluice serve`:
// a developer sees the destructive migration blocked, an approver approves
// it, an admin applies it and watches the progress stream in, then history
// and audit show it. Screenshots go to the folder given.
//
//   node e2e.mjs BASE_URL SCREENSHOT_DIR CHROMIUM_PATH
import { chromium } from "playwright-core";

const [base, shots, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
const steps = [];

function check(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
  steps.push(what);
}

async function session(name, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => { throw new Error(`script error on ${page.url()}: ${e}`); });
  await page.goto(`${base}/`);
  check(page.url().endsWith("/login"), `${name}: an anonymous visit lands on the login page`);
  await page.fill("input[name=username]", name);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForURL(`${base}/`);
  check((await page.textContent("nav .who")).includes(name), `${name} is signed in`);
  return { context, page };
}

// 1. The developer: the destructive migration is blocked; no approve button.
{
  const { context, page } = await session("dev", "dev password");
  await page.click("text=0002_drop_name");
  await page.waitForSelector("#gates");
  const gates = await page.textContent("#gates");
  check(gates.includes("blocked"), "developer sees the migration blocked by the gate");
  check(gates.includes("approval"), "developer sees the approval still needed");
  check((await page.$("form#decide")) === null, "developer has no approve/reject form");
  check((await page.textContent("body")).includes("drop-column"), "the lint finding is shown");
  await page.screenshot({ path: `${shots}/1-developer-blocked.png`, fullPage: true });
  await context.close();
}

// 2. The approver approves with a comment.
{
  const { context, page } = await session("bob", "bob password");
  await page.goto(`${base}/migrations/2`);
  await page.fill("form#decide textarea[name=comment]", "backfill done, column unused");
  await page.click("form#decide button:has-text('Approve')");
  await page.waitForSelector("#gates");
  const gates = await page.textContent("#gates");
  check(gates.includes("ready"), "after the approval the gate says ready");
  check((await page.textContent("body")).includes("approved by bob"), "the approval is listed");
  await page.screenshot({ path: `${shots}/2-approver-approved.png`, fullPage: true });
  await context.close();
}

// 3. The admin applies and watches the progress.
{
  const { context, page } = await session("root", "root password");
  await page.click("button:has-text('Apply pending migrations')");
  await page.waitForURL(/\/apply\/[0-9a-f]+$/);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Finished"), null, { timeout: 30000 });
  const events = await page.textContent("#events");
  check(events.includes("statement 1/1"), "progress shows the statement running");
  check(events.includes("statement 1 ok"), "progress shows the statement's result");
  check(events.includes("finished: 1 migration(s) applied"), "the apply finished");
  await page.screenshot({ path: `${shots}/3-admin-apply-progress.png`, fullPage: true });

  await page.click("nav >> text=History");
  const history = await page.textContent("#history");
  check(history.includes("drop_name") && history.includes("root"), "history shows the migration applied by root");
  await page.screenshot({ path: `${shots}/4-history.png`, fullPage: true });

  await page.click("nav >> text=Audit");
  const audit = await page.textContent("#audit");
  check(audit.includes("approved") && audit.includes("bob"), "audit shows bob's approval");
  check(audit.includes("gate_passed"), "audit shows the gate passed");
  await page.screenshot({ path: `${shots}/5-audit.png`, fullPage: true });

  await page.click("nav >> text=Migrations");
  check((await page.textContent("#migrations")).includes("applied"), "the migrations page shows it applied");
  await context.close();
}

await browser.close();
console.log(JSON.stringify({ ok: true, steps }));
