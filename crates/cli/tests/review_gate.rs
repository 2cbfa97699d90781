//! The review gate end to end, on PostgreSQL, SQLite and MySQL: a destructive
//! migration refused without approval, approved (not by its author),
//! applied with backups, rolled back with every row back (content
//! checksums compared); an approval voided by an edit; signed approvals
//! with forged, unsigned and copied ones refused; rollout order between
//! environments; the `[workflow] test` loop; webhook notifications.

mod common;

use common::*;
use predicates::prelude::*;
use sluice_db::testing::{TestMysql, TestPg};
use sluice_migrate::apply::checksum;
use sluice_schema::Dialect;
use std::fs;
use std::path::Path;

const SCHEMA_V1: &str = "
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, name text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, user_id integer, body text);
CREATE TABLE tags (label text);
";
const SCHEMA_V2: &str = "
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE tags (label text);
";

/// A project in `dialect` whose environments `dev`, `staging` and `prod`
/// point at `urls`, with `policy` appended to `[env.prod]`.
fn project(dialect: &str, urls: [&str; 3], extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir(root.join("schema")).unwrap();
    fs::write(root.join("schema/app.sql"), SCHEMA_V1).unwrap();
    fs::write(
        root.join("sluice.toml"),
        format!(
            "dialect = \"{dialect}\"\nschema = [\"schema/*.sql\"]\nmigrations = \"migrations\"\n\n\
             [env.dev]\nurl = \"{}\"\n\n[env.staging]\nurl = \"{}\"\n\n[env.prod]\nurl = \"{}\"\n{extra}",
            urls[0], urls[1], urls[2]
        ),
    )
    .unwrap();
    tmp
}

fn seed(root: &Path, dialect: Dialect, url: &str) {
    let mut sql = String::new();
    for i in 1..=60 {
        let name =
            if i % 7 == 0 { "O'Brien \u{e9}\u{4e2d}".to_string() } else { format!("user {i}") };
        sql.push_str(&format!(
            "INSERT INTO users (id, email, name) VALUES ({i}, 'u{i}@example.com', '{}');",
            name.replace('\'', "''")
        ));
        let body = if i % 5 == 0 { "NULL".to_string() } else { format!("'note {i}'") };
        sql.push_str(&format!(
            "INSERT INTO notes (id, user_id, body) VALUES ({i}, {}, {body});",
            i % 9
        ));
    }
    exec(root, dialect, url, &sql);
}

/// The whole destructive path on one database.
fn destructive_change_is_gated_backed_up_and_rolled_back(
    dialect_name: &str,
    dialect: Dialect,
    url: &str,
) {
    let policy = "require_approvals = { low = 0, moderate = 1, high = 1 }\n\
                  allow_self_approval = false\ndata_loss_needs_flag = true\nbackup = true\n";
    let tmp = project(dialect_name, [url, url, url], policy);
    let root = tmp.path();
    let as_alice = |args: &[&str]| {
        let mut c = sluice(root);
        c.env("SLUICE_ACTOR", "alice").args(args);
        c
    };
    as_alice(&["generate", "--name", "init"]).assert().success();
    // Creating tables loses nothing: low risk, no approval needed in prod.
    as_alice(&["apply", "--env", "prod"]).assert().success();
    seed(root, dialect, url);
    let users_before = content(root, dialect, url, "users", "id");
    let notes_before = content(root, dialect, url, "notes", "id");

    fs::write(root.join("schema/app.sql"), SCHEMA_V2).unwrap();
    as_alice(&["generate", "--name", "drop_notes_and_name"]).assert().success();
    let review =
        fs::read_to_string(root.join("migrations/0002_drop_notes_and_name/review.toml")).unwrap();
    assert!(review.contains("author = \"alice\""), "{review}");

    // 1. Refused: no approval, no --allow-data-loss.
    as_alice(&["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the review gate of prod stops 1 migration(s)"))
        .stderr(predicate::str::contains(
            "1 approval(s) by someone other than the author needed for a high risk migration",
        ))
        .stderr(predicate::str::contains("requires --allow-data-loss"));
    // The author's own approval does not count here.
    as_alice(&["approve", "0002"]).assert().success();
    as_alice(&["apply", "--env", "prod", "--allow-data-loss"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the author cannot approve their own migration in prod"));
    // Bob approves; an edit of up.sql afterwards voids it.
    sluice(root)
        .args(["approve", "2", "--as", "bob", "--comment", "backed up, ok"])
        .assert()
        .success();
    let up_path = root.join("migrations/0002_drop_notes_and_name/up.sql");
    let up = fs::read_to_string(&up_path).unwrap();
    fs::write(&up_path, format!("{up}\n-- one more line\n")).unwrap();
    sluice(root).arg("rehash").assert().success();
    as_alice(&["apply", "--env", "prod", "--allow-data-loss"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bob: given for an earlier up.sql (edited since)"));
    fs::write(&up_path, &up).unwrap();
    sluice(root).arg("rehash").assert().success();
    // Back to the approved text: the approval counts again, but the flag is still needed.
    as_alice(&["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("requires --allow-data-loss"))
        .stderr(predicate::str::contains("approval(s)").not());

    // 2. Applied, with backups and row counts.
    as_alice(&["apply", "--env", "prod", "--allow-data-loss"])
        .assert()
        .success()
        .stderr(predicate::str::contains("backed up 60 row(s) of"))
        .stderr(predicate::str::contains("notes: 60 -> dropped"))
        .stderr(predicate::str::contains("users: 60 -> 60"))
        .stderr(predicate::str::contains("UNEXPECTED").not());
    let audit = sluice(root).args(["history", "--audit", "--env", "prod"]).assert().success();
    let audit = String::from_utf8(audit.get_output().stdout.clone()).unwrap();
    for event in ["generated", "backup", "approved", "gate_passed", "applied"] {
        assert!(audit.contains(event), "no `{event}` event in the audit:\n{audit}");
    }
    assert!(audit.contains("bob"), "{audit}");

    // 3. Rolled back: schema and every row back.
    let mut rollback = sluice(root);
    rollback.args(["rollback", "--env", "prod"]);
    if dialect == Dialect::Sqlite {
        // SQLite's down script rebuilds users (copy, drop, rename): the drop
        // counts as data loss, so the flag is needed, as for apply. (MySQL's
        // makes the restored column NOT NULL with a MODIFY COLUMN that keeps
        // its type: no data loss, no flag.)
        sluice(root)
            .args(["rollback", "--env", "prod"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("requires --allow-data-loss"));
        rollback.arg("--allow-data-loss");
    }
    rollback
        .assert()
        .success()
        .stdout(predicate::str::contains("the live schema matches migration 0001_init"))
        .stderr(predicate::str::contains("restored 60 row(s) of"));
    assert_eq!(content(root, dialect, url, "users", "id"), users_before);
    assert_eq!(content(root, dialect, url, "notes", "id"), notes_before);
    sluice(root)
        .args(["status", "--env", "prod"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("RolledBack"));
    let audit = sluice(root).args(["history", "--audit", "--env", "prod"]).assert().success();
    assert!(String::from_utf8_lossy(&audit.get_output().stdout).contains("rolled_back"));
    // And forward again: the same migration applies a second time.
    as_alice(&["apply", "--env", "prod", "--allow-data-loss"]).assert().success();
}

#[test]
fn sqlite_destructive_change_is_gated_backed_up_and_rolled_back() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("prod.db").display());
    destructive_change_is_gated_backed_up_and_rolled_back("sqlite", Dialect::Sqlite, &url);
}

#[test]
fn postgres_destructive_change_is_gated_backed_up_and_rolled_back() {
    let Some(pg) = TestPg::new() else { return };
    destructive_change_is_gated_backed_up_and_rolled_back("postgres", Dialect::Postgres, pg.url());
}

#[test]
fn mysql_destructive_change_is_gated_backed_up_and_rolled_back() {
    let Some(m) = TestMysql::new() else { return };
    destructive_change_is_gated_backed_up_and_rolled_back("mysql", Dialect::Mysql, m.url());
}

/// Identity columns and DML in a hand-written migration on PostgreSQL: the
/// deleted and updated rows come back with their ids, and the identity
/// sequence moves past them.
#[test]
fn postgres_dml_is_backed_up_and_restored() {
    let Some(pg) = TestPg::new() else { return };
    let url = pg.url();
    let tmp = project("postgres", [url, url, url], "");
    let root = tmp.path();
    fs::write(
        root.join("schema/app.sql"),
        "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, balance numeric(12,2) NOT NULL);",
    )
    .unwrap();
    sluice(root).args(["migrate", "--env", "prod"]).assert().success();
    let mut values = String::new();
    for i in 0..40 {
        values.push_str(&format!("INSERT INTO accounts (balance) VALUES ({i}.25);"));
    }
    exec(root, Dialect::Postgres, url, &values);
    let before = content(root, Dialect::Postgres, url, "accounts", "id");
    sluice(root).args(["generate", "--custom", "--name", "cleanup"]).assert().success();
    fs::write(
        root.join("migrations/0002_cleanup/up.sql"),
        "DELETE FROM accounts WHERE balance < 10;\nUPDATE accounts SET balance = 0 WHERE id > 30;\n",
    )
    .unwrap();
    fs::write(
        root.join("migrations/0002_cleanup/down.sql"),
        "-- data only: sluice rollback restores the backups\n",
    )
    .unwrap();
    sluice(root).arg("rehash").assert().success();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .success()
        .stderr(predicate::str::contains("backed up 40 row(s) of public.accounts"))
        .stderr(predicate::str::contains("accounts: 40 -> 30"));
    assert_ne!(content(root, Dialect::Postgres, url, "accounts", "id"), before);
    sluice(root).args(["rollback", "--env", "prod"]).assert().success();
    assert_eq!(content(root, Dialect::Postgres, url, "accounts", "id"), before);
    // The identity sequence is past the restored ids: a new row gets 41.
    exec(root, Dialect::Postgres, url, "INSERT INTO accounts (balance) VALUES (1)");
    assert_eq!(query(root, Dialect::Postgres, url, "SELECT max(id) FROM accounts")[0][0], "41");
}

fn keygen(dir: &Path, name: &str) -> (std::path::PathBuf, String) {
    let key = dir.join(name);
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    (key, public.trim().to_string())
}

#[test]
fn signed_approvals_forged_copied_and_unsigned_ones_are_refused() {
    let keys = tempfile::tempdir().unwrap();
    let (bob_key, bob_pub) = keygen(keys.path(), "bob");
    let (mallory_key, _) = keygen(keys.path(), "mallory");
    let dbdir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dbdir.path().join("prod.db").display());
    let policy = format!(
        "require_approvals = 1\nrequire_signed_approvals = true\n\n[reviewers]\nbob = \"{bob_pub}\"\n"
    );
    let tmp = project("sqlite", [&url, &url, &url], &policy);
    let root = tmp.path();
    sluice(root).args(["generate", "--name", "init"]).assert().success();

    // Unsigned: not counted.
    sluice(root).args(["approve", "1", "--as", "bob"]).assert().success();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bob: not signed"));
    // Signed with someone else's key under bob's name: refused on the spot.
    sluice(root)
        .args(["approve", "1", "--as", "bob", "--key"])
        .arg(&mallory_key)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not verify with bob's public key"));
    // Mallory signing as herself: no key of hers in [reviewers].
    sluice(root)
        .args(["approve", "1", "--as", "mallory", "--key"])
        .arg(&mallory_key)
        .assert()
        .success();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("mallory: no public key for this reviewer"));
    // Bob signs: counted, applied.
    sluice(root).args(["approve", "1", "--as", "bob", "--key"]).arg(&bob_key).assert().success();
    sluice(root).args(["apply", "--env", "prod"]).assert().success();

    // The signature is standard SSHSIG: ssh-keygen verifies it too.
    let review_text = fs::read_to_string(root.join("migrations/0001_init/review.toml")).unwrap();
    let review: toml::Table = toml::from_str(&review_text).unwrap();
    let signed = review["approval"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["by"].as_str() == Some("bob") && a.get("signature").is_some())
        .and_then(|a| a.as_table())
        .unwrap()
        .clone();
    let payload = sluice(root)
        .args([
            "approve",
            "1",
            "--as",
            "bob",
            "--print-payload",
            "--at",
            signed["at"].as_str().unwrap(),
        ])
        .assert()
        .success();
    let payload = payload.get_output().stdout.clone();
    fs::write(keys.path().join("allowed"), format!("bob {bob_pub}\n")).unwrap();
    fs::write(keys.path().join("sig"), signed["signature"].as_str().unwrap()).unwrap();
    let mut verify = std::process::Command::new("ssh-keygen")
        .args(["-Y", "verify", "-n", "sluice", "-I", "bob", "-f"])
        .arg(keys.path().join("allowed"))
        .arg("-s")
        .arg(keys.path().join("sig"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    verify.stdin.take().unwrap().write_all(&payload).unwrap();
    assert!(verify.wait().unwrap().success(), "ssh-keygen -Y verify rejects sluice's signature");

    // Bob's signed approval copied onto the next migration (checksum and
    // all adjusted): the signature names 0001, so it does not verify.
    fs::write(root.join("schema/app.sql"), SCHEMA_V2).unwrap();
    sluice(root).args(["generate", "--name", "second"]).assert().success();
    let up2 = fs::read_to_string(root.join("migrations/0002_second/up.sql")).unwrap();
    let mut copied = signed.clone();
    copied.insert("checksum".into(), toml::Value::String(checksum(&up2)));
    let mut forged = toml::Table::new();
    forged.insert("approval".into(), toml::Value::Array(vec![toml::Value::Table(copied.clone())]));
    fs::write(root.join("migrations/0002_second/review.toml"), toml::to_string(&forged).unwrap())
        .unwrap();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bob: given for migration 0001_init, not this one"));
    // With the migration it names removed as well, the signature still
    // names 0001.
    copied.remove("migration");
    forged.insert("approval".into(), toml::Value::Array(vec![toml::Value::Table(copied)]));
    fs::write(root.join("migrations/0002_second/review.toml"), toml::to_string(&forged).unwrap())
        .unwrap();
    sluice(root).args(["apply", "--env", "prod"]).assert().code(1).stderr(
        predicate::str::contains(
            "the signature does not verify (forged, or copied from another migration)",
        ),
    );
}

#[test]
fn rollout_order_requires_the_earlier_environment() {
    let dir = tempfile::tempdir().unwrap();
    let staging = format!("sqlite://{}", dir.path().join("staging.db").display());
    let prod = format!("sqlite://{}", dir.path().join("prod.db").display());
    let dev = format!("sqlite://{}", dir.path().join("dev.db").display());
    let tmp = project("sqlite", [&dev, &staging, &prod], "after = \"staging\"\n");
    let root = tmp.path();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not applied in staging yet (prod comes after staging)"));
    sluice(root).args(["apply", "--env", "staging"]).assert().success();
    sluice(root).args(["apply", "--env", "prod"]).assert().success();
}

#[test]
fn a_failing_test_command_rolls_the_migration_back() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    sluice(root).arg("init").assert().success();
    let toml = fs::read_to_string(root.join("sluice.toml")).unwrap();
    fs::write(
        root.join("sluice.toml"),
        format!("{toml}\n[workflow]\ntest = \"test -f tests-pass\"\n"),
    )
    .unwrap();
    // No marker file: the tests fail, the migration is rolled back.
    sluice(root)
        .arg("migrate")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the test command `test -f tests-pass` failed"))
        .stderr(predicate::str::contains("rolled back 1 migration(s) (0001_"));
    let conn = rusqlite::Connection::open(root.join("dev.db")).unwrap();
    let state: String = conn
        .query_row("SELECT state FROM sluice_history WHERE version = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, "rolled_back");
    // Tests pass: applied again, marked Tested.
    fs::write(root.join("tests-pass"), "").unwrap();
    sluice(root)
        .arg("migrate")
        .assert()
        .success()
        .stdout(predicate::str::contains("tests passed: marked Tested"));
    let state: String = conn
        .query_row("SELECT state FROM sluice_history WHERE version = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(state, "tested");
    sluice(root)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("[x] applied  [x] synced  [x] tested"));
}

/// A one-request-at-a-time HTTP receiver: the bodies it got.
fn receiver() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
            let _ = tx.send(String::from_utf8_lossy(&body).into_owned());
        }
    });
    (url, rx)
}

#[test]
fn events_are_posted_to_the_webhook_and_a_dead_one_never_blocks() {
    let (url, bodies) = receiver();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    sluice(root).arg("init").assert().success();
    let toml = fs::read_to_string(root.join("sluice.toml")).unwrap();
    fs::write(root.join("sluice.toml"), format!("{toml}\n[notify]\nwebhook = \"{url}\"\n"))
        .unwrap();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    sluice(root).args(["review", "1", "--request"]).assert().success();
    sluice(root).args(["approve", "1", "--as", "ann"]).assert().success();
    sluice(root).args(["apply"]).assert().success();
    let got: Vec<serde_json::Value> = (0..3)
        .map(|_| {
            serde_json::from_str(&bodies.recv_timeout(std::time::Duration::from_secs(10)).unwrap())
                .unwrap()
        })
        .collect();
    let events: Vec<&str> = got.iter().map(|v| v["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["review_requested", "approved", "applied"]);
    assert!(got[1]["text"].as_str().unwrap().contains("0001_init approved"), "{}", got[1]);
    sluice(root)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("[x] team notified"));

    // A receiver that is gone: a warning, and the command still succeeds.
    let toml = fs::read_to_string(root.join("sluice.toml")).unwrap();
    fs::write(root.join("sluice.toml"), toml.replace(&url, "http://127.0.0.1:9/hook")).unwrap();
    sluice(root)
        .args(["reject", "1", "--as", "cy", "--comment", "late objection", "--env", "dev"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: notification to http://127.0.0.1:9 failed"));
    // --env put the rejection in that database's audit log at once.
    sluice(root)
        .args(["history", "--audit"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"rejected\s+0001\s+cy\s+dev\s+late objection").unwrap());
}

#[test]
fn lint_rules_an_environment_denies_stop_apply_until_suppressed_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("prod.db").display());
    let tmp = project("sqlite", [&url, &url, &url], "lint = { deny = [\"data-loss\"] }\n");
    let root = tmp.path();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    sluice(root).args(["apply", "--env", "prod"]).assert().success();
    fs::write(
        root.join("schema/app.sql"),
        SCHEMA_V1.replace("CREATE TABLE tags (label text);", ""),
    )
    .unwrap();
    sluice(root).args(["generate", "--name", "drop_tags"]).assert().success();
    sluice(root)
        .args(["apply", "--env", "prod"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lint error denied in prod: drop-table (statement 1)"));
    sluice(root)
        .args(["review", "2", "--env", "prod"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("drop-table"));
    let up_path = root.join("migrations/0002_drop_tags/up.sql");
    let up = fs::read_to_string(&up_path).unwrap();
    let suppressed = up.replace(
        "DROP TABLE tags;",
        "-- sluice:ignore drop-table tags was never used\nDROP TABLE tags;",
    );
    assert_ne!(up, suppressed);
    fs::write(&up_path, suppressed).unwrap();
    sluice(root).arg("rehash").assert().success();
    sluice(root).args(["apply", "--env", "prod"]).assert().success();
}
