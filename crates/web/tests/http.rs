//! The dashboard over HTTP (the router, in process, through
//! `tower::ServiceExt::oneshot`) with an in-memory backend: every route for
//! every role, allowed and refused (a refused action never reaches the
//! backend); CSRF missing or wrong; session fixation, logout and login
//! rate limiting; cookie flags; hostile identifiers rendered inert; apply
//! progress as server-sent events.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use sluice_migrate::{AuditEvent, AuditRow, HistoryRow, HistoryState, UserRow};
use sluice_web::accounts::hash_password;
use sluice_web::*;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;

const HOSTILE: &str = "<script>alert(1)</script>";
const QUOTES: &str = "it's \"quoted\" & <b>bold</b>";
const PASSWORD: &str = "correct horse battery";

/// What the fake was asked to do.
#[derive(Default)]
struct Calls {
    requests: Vec<(u32, String)>,
    decisions: Vec<(u32, bool, String, Option<String>, String)>,
    applies: Vec<(String, String, bool)>,
    users: Vec<UserRow>,
    removed: Vec<String>,
}

struct Fake {
    calls: Mutex<Calls>,
}

fn hashed() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash_password(PASSWORD).unwrap())
}

impl Fake {
    fn new() -> Arc<Fake> {
        let users = ["viewer", "developer", "approver", "admin"]
            .iter()
            .map(|r| UserRow {
                name: format!("{r}1"),
                role: r.to_string(),
                password_hash: hashed().to_string(),
                created_at: "2026-11-29T00:00:00Z".into(),
            })
            .collect();
        Arc::new(Fake { calls: Mutex::new(Calls { users, ..Calls::default() }) })
    }
    fn approved(&self) -> bool {
        self.calls.lock().unwrap().decisions.iter().any(|d| d.0 == 2 && d.1)
    }
}

fn status_row(version: u32, name: &str) -> StatusRow {
    StatusRow {
        version,
        dir_name: name.into(),
        state: "generated".into(),
        applied_at: None,
        applied_by: None,
        approvals: 0,
        approvals_needed: 1,
        risk: "high".into(),
        checklist: vec![("generated".into(), true), ("applied".into(), false)],
    }
}

impl Backend for Fake {
    fn envs(&self) -> Vec<String> {
        vec!["prod".into(), "dev".into()]
    }
    fn overview(&self, env: &str) -> BResult<Overview> {
        Ok(Overview {
            env: env.into(),
            target: "postgres://app:***@db/prod".into(),
            migrations: vec![status_row(1, "0001_init"), status_row(2, &format!("0002_{HOSTILE}"))],
            next: format!("review {QUOTES}"),
        })
    }
    fn migration(&self, version: u32, env: &str) -> BResult<MigrationDetail> {
        if version > 2 {
            return Err(BackendError::with_help(
                format!("no migration {version:04}"),
                "see the list",
            ));
        }
        let approvals = if self.approved() {
            vec![DecisionView {
                by: "approver1".into(),
                at: "t".into(),
                comment: Some(QUOTES.into()),
                signed: false,
            }]
        } else {
            vec![]
        };
        Ok(MigrationDetail {
            version,
            dir_name: format!("000{version}_{HOSTILE}"),
            state: "generated".into(),
            author: HOSTILE.into(),
            risk: "high".into(),
            checksum: "abcdef0123456789".into(),
            up: format!("DROP TABLE \"{HOSTILE}\";\nALTER TABLE t DROP COLUMN \"{QUOTES}\";\n"),
            down: "-- nothing\n".into(),
            changes: vec![format!("drop table {HOSTILE}")],
            effects: vec![(1, format!("drops table {HOSTILE}"), true)],
            findings: vec![FindingView {
                code: "drop-table".into(),
                severity: "error".into(),
                message: format!("dropping {HOSTILE} deletes its data"),
                help: QUOTES.into(),
                fix: None,
                line: Some(1),
                column: Some(1),
                statement: Some(1),
            }],
            rules_run: 12,
            review_requested: false,
            approvals: approvals.clone(),
            stale_approvals: vec![],
            rejections: vec![],
            gates: vec![GateView {
                env: env.into(),
                allowed: !approvals.is_empty(),
                approvals_needed: 1,
                approved_by: approvals.iter().map(|a| a.by.clone()).collect(),
                missing: if approvals.is_empty() {
                    vec!["1 approval needed".into()]
                } else {
                    vec![]
                },
                void_approvals: vec![],
                after: None,
            }],
        })
    }
    fn request_review(&self, version: u32, actor: &str) -> BResult<()> {
        self.calls.lock().unwrap().requests.push((version, actor.into()));
        Ok(())
    }
    fn decide(&self, version: u32, d: &Decide, env: &str) -> BResult<()> {
        self.calls.lock().unwrap().decisions.push((
            version,
            d.approve,
            d.by.clone(),
            d.comment.clone(),
            env.into(),
        ));
        Ok(())
    }
    fn apply(
        &self,
        env: &str,
        actor: &str,
        allow: bool,
        events: &mut dyn FnMut(Progress),
    ) -> BResult<usize> {
        self.calls.lock().unwrap().applies.push((env.into(), actor.into(), allow));
        if !self.approved() {
            return Err(BackendError {
                message: format!("the review gate of {env} stops 1 migration(s)"),
                help: None,
                refused: true,
            });
        }
        let m = format!("0002_{HOSTILE}");
        events(Progress::GatePassed { migrations: vec![m.clone()] });
        events(Progress::Locked);
        events(Progress::Start { migration: m.clone(), statements: 2, skip: 0 });
        for i in 1..=2 {
            events(Progress::Statement {
                migration: m.clone(),
                index: i,
                total: 2,
                sql: format!("DROP TABLE \"{HOSTILE}\""),
            });
            events(Progress::StatementDone { migration: m.clone(), index: i, ms: 1 });
        }
        events(Progress::Done { migration: m, ms: 2 });
        Ok(1)
    }
    fn history(&self, env: &str) -> BResult<Vec<HistoryRow>> {
        Ok(vec![HistoryRow {
            version: 1,
            name: HOSTILE.into(),
            checksum: "x".into(),
            state: HistoryState::Applied,
            applied_at: "t".into(),
            applied_by: QUOTES.into(),
            execution_ms: 3,
            env: env.into(),
            tool_version: "0.1.0".into(),
            statements_done: 1,
        }])
    }
    fn audit(&self, env: &str) -> BResult<Vec<AuditRow>> {
        Ok(vec![AuditRow {
            at: "t".into(),
            event: AuditEvent {
                event: "approved".into(),
                version: Some(2),
                actor: HOSTILE.into(),
                env: env.into(),
                detail: QUOTES.into(),
            },
        }])
    }
    fn drift(&self, env: &str, _actor: &str) -> BResult<DriftView> {
        Ok(DriftView {
            env: env.into(),
            target: "postgres://app:***@db/prod".into(),
            clean: false,
            sections: vec![DriftSection {
                title: "Schema conflicts detected".into(),
                items: vec![format!("the database has: table {HOSTILE}")],
                sql: Some(format!("DROP TABLE \"{HOSTILE}\";")),
                help: None,
            }],
            unmanaged: vec![],
        })
    }
    fn schema(&self, source: &SchemaSource) -> BResult<SchemaView> {
        Ok(SchemaView {
            title: format!("{source:?}"),
            tables: vec![TableView {
                name: HOSTILE.into(),
                auth: true,
                comment: Some(QUOTES.into()),
                columns: vec![ColumnView {
                    name: QUOTES.into(),
                    ty: "text".into(),
                    nullable: true,
                    default: Some(format!("'{HOSTILE}'")),
                }],
                primary_key: vec![],
                indexes: vec![IndexView {
                    name: HOSTILE.into(),
                    unique: true,
                    keys: QUOTES.into(),
                }],
                foreign_keys: vec![ForeignKeyView {
                    name: None,
                    columns: vec![QUOTES.into()],
                    references: format!("{HOSTILE}(id)"),
                }],
            }],
        })
    }
    fn users(&self) -> BResult<Vec<UserRow>> {
        Ok(self.calls.lock().unwrap().users.clone())
    }
    fn put_user(&self, user: &UserRow) -> BResult<()> {
        let mut c = self.calls.lock().unwrap();
        c.users.retain(|u| u.name != user.name);
        c.users.push(user.clone());
        Ok(())
    }
    fn remove_user(&self, name: &str) -> BResult<bool> {
        let mut c = self.calls.lock().unwrap();
        c.removed.push(name.into());
        let before = c.users.len();
        c.users.retain(|u| u.name != name);
        Ok(c.users.len() < before)
    }
}

fn app(fake: Arc<Fake>) -> Router {
    let state = AppState::new(fake, Options { env: "prod".into(), secure_cookies: false });
    router(state).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))))
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Resp {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("sluice_session="))
            .map(str::to_string)
    }
    fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
        self.body[at..at + 64].to_string()
    }
}

/// A browser: keeps the session cookie.
struct Client {
    app: Router,
    cookie: Option<String>,
    forwarded_https: bool,
}

impl Client {
    fn new(app: &Router) -> Client {
        Client { app: app.clone(), cookie: None, forwarded_https: false }
    }

    async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Resp {
        let mut req = req;
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.split(';').next().unwrap());
        }
        if self.forwarded_https {
            req = req.header("x-forwarded-proto", "https");
        }
        let resp = self.app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap();
        let r = Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() };
        if let Some(c) = r.session_cookie() {
            self.cookie = Some(c);
        }
        r
    }

    async fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path), Body::empty()).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect();
        let req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req, Body::from(body.join("&"))).await
    }

    /// The CSRF token of this session (from the login page or the home page).
    async fn csrf(&mut self) -> String {
        let r = self.get("/login").await;
        if r.status == StatusCode::SEE_OTHER {
            return self.get("/").await.csrf();
        }
        r.csrf()
    }

    async fn login(&mut self, name: &str, password: &str) -> Resp {
        let csrf = self.csrf().await;
        self.post("/login", &[("csrf", &csrf), ("username", name), ("password", password)]).await
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn signed_in(app: &Router, role: &str) -> Client {
    let mut c = Client::new(app);
    let r = c.login(&format!("{role}1"), PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{role} signs in: {}", r.body);
    assert_eq!(r.location(), "/");
    c
}

/// (path, least role, form fields besides the CSRF token)
type Action = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

const READ_PAGES: &[&str] = &[
    "/",
    "/?env=dev",
    "/migrations/2",
    "/migrations/0002_x?env=dev",
    "/history",
    "/history?env=dev",
    "/audit",
    "/drift",
    "/schema",
    "/schema?source=desired",
    "/schema?source=live&env=dev",
];

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let fake = Fake::new();
    let app = app(fake.clone());
    let mut c = Client::new(&app);
    for path in READ_PAGES.iter().chain(&["/users"]) {
        let r = c.get(path).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"), "{path}");
    }
    let csrf = c.csrf().await;
    for path in [
        "/migrations/2/request",
        "/migrations/2/approve",
        "/migrations/2/reject",
        "/apply",
        "/users",
        "/users/admin1/remove",
    ] {
        let r = c.post(path, &[("csrf", &csrf), ("comment", "x"), ("env", "prod")]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"), "POST {path}");
    }
    {
        let calls = fake.calls.lock().unwrap();
        assert!(
            calls.requests.is_empty()
                && calls.decisions.is_empty()
                && calls.applies.is_empty()
                && calls.removed.is_empty()
        );
    }
    // Static files need no session.
    assert_eq!(c.get("/static/app.js").await.status, StatusCode::OK);
    assert_eq!(c.get("/static/app.css").await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_role_reads_every_page() {
    let fake = Fake::new();
    let app = app(fake);
    for role in ["viewer", "developer", "approver", "admin"] {
        let mut c = signed_in(&app, role).await;
        for path in READ_PAGES {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{role} GET {path}: {}", r.body);
            assert!(r.body.contains(&format!("{role}1 · {role}")), "{role} named on {path}");
        }
        let r = c.get("/users").await;
        let expected = if role == "admin" { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(r.status, expected, "{role} GET /users");
        // Unknown things are 404s, not errors.
        assert_eq!(c.get("/?env=nope").await.status, StatusCode::NOT_FOUND);
        assert_eq!(c.get("/migrations/abc").await.status, StatusCode::NOT_FOUND);
        assert_eq!(c.get("/schema?source=elsewhere").await.status, StatusCode::NOT_FOUND);
        assert_eq!(c.get("/apply/0000/events").await.status, StatusCode::NOT_FOUND);
        // The backend's failure is shown with its help.
        let r = c.get("/migrations/9").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(r.body.contains("no migration 0009") && r.body.contains("help: see the list"));
    }
}

#[tokio::test]
async fn actions_need_their_role_and_refused_ones_never_reach_the_backend() {
    // (path, least role, form)
    let actions: &[Action] = &[
        ("/migrations/2/request", "developer", &[]),
        ("/migrations/2/approve?env=prod", "approver", &[("comment", "looks fine")]),
        ("/migrations/2/reject?env=prod", "approver", &[("comment", "needs a backfill")]),
        ("/apply", "admin", &[("env", "prod")]),
        (
            "/users",
            "admin",
            &[("name", "newbie"), ("role", "viewer"), ("password", "long enough pw")],
        ),
        ("/users/viewer1/remove", "admin", &[]),
    ];
    let order = ["viewer", "developer", "approver", "admin"];
    for (path, least, form) in actions {
        for role in order {
            let fake = Fake::new();
            let app = app(fake.clone());
            let mut c = signed_in(&app, role).await;
            let csrf = c.csrf().await;
            let mut full: Vec<(&str, &str)> = vec![("csrf", &csrf)];
            full.extend_from_slice(form);
            let r = c.post(path, &full).await;
            let allowed =
                order.iter().position(|r| r == &role) >= order.iter().position(|r| r == least);
            let calls = fake.calls.lock().unwrap();
            let touched = !calls.requests.is_empty()
                || !calls.decisions.is_empty()
                || !calls.applies.is_empty()
                || calls.users.len() != 4
                || !calls.removed.is_empty();
            drop(calls);
            if allowed {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{role} POST {path}: {}", r.body);
                if *path != "/apply" {
                    assert!(touched, "{role} POST {path} reached the backend");
                }
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} POST {path}");
                assert!(r.body.contains(&format!("only a {least} or above")), "{}", r.body);
                assert!(!touched, "{role} POST {path} must not reach the backend");
            }
        }
    }
}

#[tokio::test]
async fn decisions_are_recorded_as_the_signed_in_user() {
    let fake = Fake::new();
    let app = app(fake.clone());
    let mut c = signed_in(&app, "approver").await;
    let csrf = c.csrf().await;
    let r = c.post("/migrations/2/approve?env=dev", &[("csrf", &csrf), ("comment", QUOTES)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/migrations/2?env=dev"));
    // A rejection needs a comment.
    let r = c.post("/migrations/2/reject", &[("csrf", &csrf), ("comment", "  ")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let calls = fake.calls.lock().unwrap();
    assert_eq!(
        calls.decisions,
        vec![(2, true, "approver1".into(), Some(QUOTES.into()), "dev".into())]
    );
}

#[tokio::test]
async fn forms_without_this_sessions_csrf_token_are_refused() {
    let fake = Fake::new();
    let app = app(fake.clone());
    let mut admin = signed_in(&app, "admin").await;
    let mut other = signed_in(&app, "admin").await;
    let foreign = other.csrf().await;
    let own = admin.csrf().await;
    assert_ne!(own, foreign);
    let posts: &[(&str, &[(&str, &str)])] = &[
        ("/migrations/2/request", &[]),
        ("/migrations/2/approve", &[("comment", "ok")]),
        ("/migrations/2/reject", &[("comment", "no")]),
        ("/apply", &[("env", "prod")]),
        ("/users", &[("name", "x1"), ("role", "admin"), ("password", "long enough pw")]),
        ("/users/viewer1/remove", &[]),
        ("/logout", &[]),
    ];
    for (path, form) in posts {
        for token in
            [None, Some("0".repeat(64)), Some(foreign.clone()), Some(own[..63].to_string())]
        {
            let mut full: Vec<(&str, &str)> = form.to_vec();
            if let Some(t) = &token {
                full.push(("csrf", t));
            }
            let r = admin.post(path, &full).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {path} with {token:?}");
            assert!(r.body.contains("CSRF"), "{}", r.body);
        }
    }
    // Login itself needs the token.
    let mut anon = Client::new(&app);
    anon.get("/login").await;
    let r = anon.post("/login", &[("username", "admin1"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    {
        let calls = fake.calls.lock().unwrap();
        assert!(
            calls.requests.is_empty() && calls.decisions.is_empty() && calls.applies.is_empty()
        );
        assert_eq!(calls.users.len(), 4);
        assert!(calls.removed.is_empty());
    }
    // Still signed in: the refused logout did nothing.
    assert_eq!(admin.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn login_issues_a_new_session_and_logout_ends_it() {
    let app = app(Fake::new());
    let mut c = Client::new(&app);
    let r = c.get("/login").await;
    let before = r.session_cookie().expect("a session cookie for the login form");
    assert!(
        before.contains("HttpOnly")
            && before.contains("SameSite=Strict")
            && before.contains("Path=/")
    );
    assert!(!before.contains("Secure"), "plain http: {before}");
    let csrf = r.csrf();
    let r =
        c.post("/login", &[("csrf", &csrf), ("username", "admin1"), ("password", PASSWORD)]).await;
    let after = r.session_cookie().expect("login sets a new cookie");
    let id = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(id(&before), id(&after), "the session id changes at login");
    // The pre-login id is worth nothing now.
    let mut planted =
        Client { app: app.clone(), cookie: Some(id(&before)), forwarded_https: false };
    assert_eq!(planted.get("/").await.location(), "/login");
    // The new one works, with a new CSRF token.
    let home = c.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_ne!(home.csrf(), csrf);
    // Logout: cookie cleared, session gone.
    let session = id(&after);
    let r = c.post("/logout", &[("csrf", &home.csrf())]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/login"));
    assert!(r.session_cookie().unwrap().contains("Max-Age=0"));
    let mut stale = Client { app: app.clone(), cookie: Some(session), forwarded_https: false };
    assert_eq!(stale.get("/").await.location(), "/login");
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = app(Fake::new());
    let mut c = Client::new(&app);
    c.forwarded_https = true;
    let r = c.get("/login").await;
    assert!(r.session_cookie().unwrap().contains("; Secure"));
    let r = c.login("viewer1", PASSWORD).await;
    assert!(r.session_cookie().unwrap().contains("; Secure"));
    let state = AppState::new(Fake::new(), Options { env: "prod".into(), secure_cookies: true });
    let app = router(state);
    let mut c = Client::new(&app);
    assert!(c.get("/login").await.session_cookie().unwrap().contains("; Secure"));
}

#[tokio::test]
async fn failed_logins_are_limited_per_name_and_address() {
    let app = app(Fake::new());
    let mut c = Client::new(&app);
    for _ in 0..5 {
        let r = c.login("admin1", "wrong password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("The name or the password is wrong."));
    }
    // Even the right password now waits.
    let r = c.login("admin1", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // Another account from the same address is not blocked.
    let mut other = Client::new(&app);
    assert_eq!(other.login("viewer1", PASSWORD).await.status, StatusCode::SEE_OTHER);
    // Unknown names fail the same way as wrong passwords.
    let mut c = Client::new(&app);
    let r = c.login("nobody", PASSWORD).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("The name or the password is wrong."));
}

#[tokio::test]
async fn hostile_identifiers_are_rendered_inert() {
    let app = app(Fake::new());
    let mut c = signed_in(&app, "admin").await;
    for path in READ_PAGES.iter().chain(&["/users"]) {
        let r = c.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.body.contains("<script>alert"), "{path} has a live script tag");
        assert!(!r.body.contains("<b>bold"), "{path} has live markup");
        if *path != "/users" {
            assert!(
                r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{path} shows the name escaped"
            );
        }
        let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    }
    let r = c.get("/migrations/2").await;
    assert!(
        r.body.contains("it's &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;")
            || r.body.contains("it's \"quoted\" &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "{}",
        r.body
    );
    // Attribute values cannot be broken out of.
    assert!(!r.body.contains("\"<script>"));
}

#[tokio::test]
async fn apply_streams_progress_and_the_gate_refusal() {
    let fake = Fake::new();
    let app = app(fake.clone());
    let mut admin = signed_in(&app, "admin").await;
    let csrf = admin.csrf().await;
    // Not approved: the gate refuses, streamed as the last event.
    let r = admin.post("/apply", &[("csrf", &csrf), ("env", "prod")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let job = r.location().to_string();
    assert!(job.starts_with("/apply/"));
    let events = admin.get(&format!("{job}/events")).await;
    assert_eq!(events.headers.get(header::CONTENT_TYPE).unwrap(), "text/event-stream");
    assert!(events.body.contains("event: progress"));
    assert!(events.body.contains("\"kind\":\"refused\""), "{}", events.body);
    assert!(events.body.contains("the review gate of prod stops 1 migration(s)"));
    // An approver approves; the admin applies with the data-loss switch.
    let mut approver = signed_in(&app, "approver").await;
    let t = approver.csrf().await;
    approver.post("/migrations/2/approve", &[("csrf", &t), ("comment", "ok")]).await;
    let r =
        admin.post("/apply", &[("csrf", &csrf), ("env", "prod"), ("allow_data_loss", "yes")]).await;
    let job = r.location().to_string();
    let events = admin.get(&format!("{job}/events")).await;
    let kinds: Vec<&str> = events
        .body
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| d.split("\"kind\":\"").nth(1).unwrap().split('"').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "gate_passed",
            "locked",
            "start",
            "statement",
            "statement_done",
            "statement",
            "statement_done",
            "done",
            "finished"
        ]
    );
    assert!(events.body.contains("\"applied\":1"));
    // The job page renders what happened, escaped; any signed-in role may watch.
    let mut viewer = signed_in(&app, "viewer").await;
    let page = viewer.get(&job).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("finished: 1 migration(s) applied"));
    assert!(page.body.contains("statement 2 ok"));
    assert!(!page.body.contains("<script>alert"));
    let calls = fake.calls.lock().unwrap();
    assert_eq!(
        calls.applies,
        vec![("prod".into(), "admin1".into(), false), ("prod".into(), "admin1".into(), true)]
    );
}

#[tokio::test]
async fn admins_manage_accounts_and_removed_accounts_are_signed_out() {
    let fake = Fake::new();
    let app = app(fake.clone());
    let mut admin = signed_in(&app, "admin").await;
    let mut viewer = signed_in(&app, "viewer").await;
    let csrf = admin.csrf().await;
    let r = admin
        .post(
            "/users",
            &[
                ("csrf", &csrf),
                ("name", "<script>"),
                ("role", "viewer"),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = admin
        .post(
            "/users",
            &[("csrf", &csrf), ("name", "carol"), ("role", "root"), ("password", "long enough pw")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = admin
        .post(
            "/users",
            &[("csrf", &csrf), ("name", "carol"), ("role", "viewer"), ("password", "short")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = admin
        .post(
            "/users",
            &[
                ("csrf", &csrf),
                ("name", "carol"),
                ("role", "approver"),
                ("password", "long enough pw"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let carol =
        fake.calls.lock().unwrap().users.iter().find(|u| u.name == "carol").cloned().unwrap();
    assert_eq!(carol.role, "approver");
    assert!(carol.password_hash.starts_with("$argon2id$"));
    let mut c = Client::new(&app);
    assert_eq!(c.login("carol", "long enough pw").await.status, StatusCode::SEE_OTHER);
    // Removing oneself is refused; removing another signs them out.
    let r = admin.post("/users/admin1/remove", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = admin.post("/users/viewer1/remove", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(viewer.get("/").await.location(), "/login");
    assert_eq!(
        admin.post("/users/ghost/remove", &[("csrf", &csrf)]).await.status,
        StatusCode::NOT_FOUND
    );
}
