//! `sluice serve` and `sluice user` end to end on SQLite: the real binary
//! serving a real project over HTTP. A developer sees a destructive
//! migration blocked by the gate, the author's own approval is not counted,
//! an approver's approval lands in review.toml and the database's audit
//! table, an admin applies with progress streamed as server-sent events,
//! and history, audit, `sluice status`, drift and the schema browser all
//! show the result. Errors never show a connection password.

mod common;

use common::dashboard::{add_user, project, serve};
use common::sluice;
use predicates::prelude::PredicateBooleanExt;
use std::fs;
use std::path::Path;

/// A browser session: the cookie, no redirects followed.
struct Browser {
    agent: ureq::Agent,
    base: String,
    cookie: String,
}

struct Page {
    status: u16,
    location: String,
    body: String,
}

impl Page {
    fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        self.body[at..at + 64].to_string()
    }
}

impl Browser {
    fn new(base: &str) -> Browser {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        Browser { agent, base: base.to_string(), cookie: String::new() }
    }

    fn page(&mut self, mut resp: ureq::http::Response<ureq::Body>) -> Page {
        if let Some(c) = resp.headers().get("set-cookie").and_then(|v| v.to_str().ok()) {
            self.cookie = c.split(';').next().unwrap().to_string();
        }
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        Page { status, location, body }
    }

    fn get(&mut self, path: &str) -> Page {
        let resp = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .call()
            .unwrap();
        self.page(resp)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let resp = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send_form(form.iter().copied())
            .unwrap();
        self.page(resp)
    }

    fn login(base: &str, name: &str, password: &str) -> Browser {
        let mut b = Browser::new(base);
        let csrf = b.get("/login").csrf();
        let p = b.post("/login", &[("csrf", &csrf), ("username", name), ("password", password)]);
        assert_eq!((p.status, p.location.as_str()), (303, "/"), "{name} signs in: {}", p.body);
        b
    }

    fn csrf(&mut self) -> String {
        self.get("/").csrf()
    }
}

fn sqlite_rows(root: &Path, sql: &str) -> Vec<Vec<String>> {
    let mut d =
        sluice_db::connect("sqlite://prod.db", sluice_schema::Dialect::Sqlite, root).unwrap();
    d.query_rows(sql).unwrap()
}

#[test]
fn accounts_are_added_listed_and_removed_from_the_command_line() {
    let tmp = project();
    let root = tmp.path();
    sluice(root)
        .args(["user", "add", "ann", "--role", "admin", "--env", "prod"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--password-stdin"));
    sluice(root)
        .args(["user", "add", "ann", "--role", "root", "--password-stdin", "--env", "prod"])
        .write_stdin("long enough\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a role"));
    sluice(root)
        .args(["user", "add", "ann", "--role", "admin", "--password-stdin", "--env", "prod"])
        .write_stdin("short\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("shorter than 8"));
    add_user(root, "ann", "admin", "long enough");
    let rows = sqlite_rows(root, "SELECT name, role, password_hash FROM sluice_users");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0][0].as_str(), rows[0][1].as_str()), ("ann", "admin"));
    assert!(rows[0][2].starts_with("$argon2id$v=19$"), "{}", rows[0][2]);
    assert!(!rows[0][2].contains("long enough"));
    // Adding again changes the role.
    add_user(root, "ann", "viewer", "long enough");
    let out = sluice(root).args(["--json", "user", "list", "--env", "prod"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["users"][0]["name"], "ann");
    assert_eq!(v["users"][0]["role"], "viewer");
    assert!(v["users"][0].get("password_hash").is_none(), "hashes are never printed");
    sluice(root).args(["user", "remove", "ann", "--env", "prod"]).assert().success();
    sluice(root)
        .args(["user", "remove", "ann", "--env", "prod"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no account `ann`"));
}

#[test]
fn review_approve_and_apply_from_the_dashboard() {
    let tmp = project();
    let root = tmp.path();
    add_user(root, "dev", "developer", "dev password");
    add_user(root, "alice", "approver", "alice password");
    add_user(root, "bob", "approver", "bob password");
    add_user(root, "root", "admin", "root password");
    let server = serve(root);
    let base = &server.base;

    // A developer sees the destructive migration blocked and cannot approve.
    let mut dev = Browser::login(base, "dev", "dev password");
    let home = dev.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("0002_drop_name") && home.body.contains("[ ] applied"));
    let m = dev.get("/migrations/2");
    assert!(m.body.contains("badge blocked"), "{}", m.body);
    assert!(m.body.contains("drop column users.name"));
    assert!(m.body.contains("drop-column") && m.body.contains("up.sql:5:1"));
    assert!(m.body.contains("someone other than the author"));
    let t = dev.csrf();
    assert_eq!(dev.post("/migrations/2/approve", &[("csrf", &t), ("comment", "mine")]).status, 403);
    assert_eq!(dev.post("/migrations/2/request", &[("csrf", &t)]).status, 303);

    // The author's own approval does not count (allow_self_approval = false).
    let mut alice = Browser::login(base, "alice", "alice password");
    let t = alice.csrf();
    assert_eq!(alice.post("/migrations/2/approve?env=prod", &[("csrf", &t)]).status, 303);
    let m = alice.get("/migrations/2");
    assert!(
        m.body.contains("badge blocked") && m.body.contains("approval not counted"),
        "{}",
        m.body
    );

    // The admin's apply is refused by the gate, exactly as the CLI's.
    let mut admin = Browser::login(base, "root", "root password");
    let t = admin.csrf();
    let job = admin.post("/apply", &[("csrf", &t), ("env", "prod")]);
    assert_eq!(job.status, 303);
    let events = admin.get(&format!("{}/events", job.location)).body;
    assert!(
        events.contains("\"kind\":\"refused\"")
            && events.contains("the review gate of prod stops 1"),
        "{events}"
    );

    // Bob approves: review.toml and the audit table of prod have it.
    let mut bob = Browser::login(base, "bob", "bob password");
    let t = bob.csrf();
    let p =
        bob.post("/migrations/2/approve?env=prod", &[("csrf", &t), ("comment", "backfill <done>")]);
    assert_eq!((p.status, p.location.as_str()), (303, "/migrations/2?env=prod"));
    let review = fs::read_to_string(root.join("migrations/0002_drop_name/review.toml")).unwrap();
    assert!(review.contains("by = \"bob\"") && review.contains("review_requested"), "{review}");
    let m = bob.get("/migrations/2");
    assert!(
        m.body.contains("badge ready") && m.body.contains("backfill &lt;done&gt;"),
        "{}",
        m.body
    );

    // The admin applies; progress arrives per statement as server-sent events.
    let t = admin.csrf();
    let job = admin.post("/apply", &[("csrf", &t), ("env", "prod")]);
    let events = admin.get(&format!("{}/events", job.location)).body;
    for kind in
        ["gate_passed", "start", "statement", "statement_done", "backed_up", "done", "finished"]
    {
        assert!(events.contains(&format!("\"kind\":\"{kind}\"")), "{kind} in {events}");
    }
    assert!(events.contains("\"applied\":1"), "{events}");
    let page = admin.get(&job.location);
    assert!(page.body.contains("finished: 1 migration(s) applied"), "{}", page.body);

    // History, audit and `sluice status` agree.
    let history = dev.get("/history");
    assert!(
        history.body.contains("drop_name") && history.body.contains("root"),
        "{}",
        history.body
    );
    let audit = dev.get("/audit");
    for needle in ["approved", "bob", "backfill &lt;done&gt;", "gate_passed", "applied"] {
        assert!(audit.body.contains(needle), "{needle} in the audit page");
    }
    let actors = sqlite_rows(root, "SELECT event, actor FROM sluice_audit ORDER BY id");
    assert!(actors.iter().any(|r| r[0] == "approved" && r[1] == "bob"), "{actors:?}");
    assert!(actors.iter().any(|r| r[0] == "gate_passed" && r[1] == "root"), "{actors:?}");
    sluice(root).args(["status", "--env", "prod"]).assert().success().stdout(
        predicates::str::contains("0002_drop_name").and(predicates::str::contains("Applied")),
    );

    // Drift: clean, then a table made behind sluice's back, with the SQL that reconciles.
    assert!(dev.get("/drift").body.contains("Clean"));
    let mut d =
        sluice_db::connect("sqlite://prod.db", sluice_schema::Dialect::Sqlite, root).unwrap();
    d.execute("CREATE TABLE stray (id integer)").unwrap();
    drop(d);
    let drift = dev.get("/drift");
    assert!(drift.body.contains("Schema conflicts detected"), "{}", drift.body);
    assert!(drift.body.contains("DROP TABLE stray"), "{}", drift.body);

    // The schema browser, live and desired: hostile names escaped.
    for path in ["/schema", "/schema?source=desired"] {
        let s = dev.get(path);
        assert_eq!(s.status, 200, "{}", s.body);
        assert!(s.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", s.body);
        assert!(!s.body.contains("<script>alert"));
        assert!(s.body.contains("q&quot;uote") || s.body.contains("q\"uote"));
    }

    // An unreachable database: the error names it without the password.
    let broken = dev.get("/history?env=broken");
    assert_eq!(broken.status, 500);
    assert!(broken.body.contains("127.0.0.1:9"), "{}", broken.body);
    assert!(!broken.body.contains("s3cretpw"), "{}", broken.body);
}
