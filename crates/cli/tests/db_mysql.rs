//! The database commands end to end on the real MySQL/MariaDB server
//! (SLUICE_TEST_MYSQL_URL, default the local one); each test creates and
//! drops its own database. Unreachable server: SKIPPED loudly, or a failure
//! when SLUICE_TEST_REQUIRE contains `mysql` (as CI sets it).

mod common;

use common::*;
use predicates::prelude::*;
use sluice_db::testing::TestMysql;
use sluice_migrate::Driver;
use std::fs;

/// A mysql project whose [env.dev] points at the test database.
fn project(m: &TestMysql) -> tempfile::TempDir {
    let tmp = init_with_url("mysql", m.url());
    assert!(std::fs::read_to_string(tmp.path().join("sluice.toml"))
        .unwrap()
        .contains("# DATABASE_URL=mysql://"));
    tmp
}

#[test]
fn generate_apply_status_history_check_pull_on_mysql() {
    let Some(m) = TestMysql::new() else { return };
    let tmp = project(&m);
    let root = tmp.path();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    let up = fs::read_to_string(root.join("migrations/0001_init/up.sql")).unwrap();
    assert!(up.contains("CREATE TABLE `users`"), "{up}");
    assert!(up.contains("AUTO_INCREMENT"), "{up}");
    sluice(root).arg("apply").assert().success();
    assert_eq!(
        scalar(&mut m.connect(), "SELECT state FROM sluice_history WHERE version = 1"),
        "applied"
    );
    assert_eq!(
        scalar(
            &mut m.connect(),
            "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME NOT LIKE 'sluice%'"
        ),
        "2"
    );
    assert_nothing_to_migrate(root, &[]);
    sluice(root).arg("status").assert().success().stdout(predicate::str::contains("0001_init"));
    sluice(root).arg("history").assert().success().stdout(predicate::str::contains("applied"));
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));

    // A second migration from an edited schema: a column added, an index dropped.
    let schema_path = root.join("schema/schema.sql");
    let schema = fs::read_to_string(&schema_path).unwrap();
    fs::write(
        &schema_path,
        schema
            .replace("  body text,\n", "  body text,\n  views int unsigned NOT NULL DEFAULT 0,\n")
            .replace("CREATE INDEX posts_author_id_idx ON posts (author_id);\n", ""),
    )
    .unwrap();
    sluice(root).args(["generate", "--name", "views"]).assert().success();
    let up = fs::read_to_string(root.join("migrations/0002_views/up.sql")).unwrap();
    assert!(up.contains("ADD COLUMN `views` int unsigned NOT NULL DEFAULT 0"), "{up}");
    sluice(root).arg("apply").assert().success();
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));

    // Drift made by hand is named, with the SQL that reconciles it.
    m.connect().execute("ALTER TABLE posts ADD COLUMN draft bool DEFAULT false").unwrap();
    sluice(root)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Schema conflicts detected"))
        .stdout(predicate::str::contains("ALTER TABLE `posts` DROP COLUMN `draft`"));
    sluice(root).arg("pull").assert().success();
    let pulled = fs::read_to_string(&schema_path).unwrap();
    assert!(pulled.contains("`draft` boolean NULL DEFAULT 0"), "{pulled}");
    // The pulled file parses back to the live schema.
    sluice(root).arg("generate").assert().success();
}

#[test]
fn ddl_failure_in_the_middle_resumes_without_running_anything_twice() {
    let Some(m) = TestMysql::new() else { return };
    let tmp = project(&m);
    let root = tmp.path();
    sluice(root).arg("generate").assert().success();
    sluice(root).arg("apply").assert().success();
    // Every DDL statement commits on its own in MySQL: a failure in the
    // third leaves the first two done, and history says so.
    let up = "CREATE TABLE events (id bigint, kind varchar(20));\n\
              INSERT INTO events VALUES (1, 'a');\n\
              ALTER TABLE no_such_table ADD COLUMN x int;\n\
              CREATE INDEX events_kind_idx ON events (kind);\n";
    custom(root, "events", up);
    sluice(root)
        .arg("apply")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("up.sql:3:1: statement 3 of 4 failed"))
        .stderr(predicate::str::contains("sluice apply --resume"));
    assert_eq!(
        scalar(
            &mut m.connect(),
            "SELECT concat(state, ':', statements_done) FROM sluice_history WHERE version = 2"
        ),
        "failed:2"
    );
    assert_eq!(scalar(&mut m.connect(), "SELECT count(*) FROM events"), "1");
    sluice(root).arg("apply").assert().code(2).stderr(predicate::str::contains("marked dirty"));
    set_up_sql(root, "events", &up.replace("ALTER TABLE no_such_table", "ALTER TABLE events"));
    sluice(root).args(["apply", "--resume"]).assert().success();
    assert_eq!(
        scalar(&mut m.connect(), "SELECT state FROM sluice_history WHERE version = 2"),
        "applied"
    );
    // The CREATE TABLE and the INSERT did not run again.
    assert_eq!(scalar(&mut m.connect(), "SELECT count(*) FROM events"), "1");
    assert_eq!(
        scalar(
            &mut m.connect(),
            "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME = 'events' AND COLUMN_NAME = 'x'"
        ),
        "1"
    );
}

#[test]
fn baseline_adopts_an_existing_database() {
    let Some(m) = TestMysql::new() else { return };
    let tmp = project(&m);
    let root = tmp.path();
    fs::remove_file(root.join("schema/schema.sql")).unwrap();
    let mut d = m.connect();
    d.execute("CREATE TABLE legacy (id int PRIMARY KEY, label varchar(50) NOT NULL, KEY legacy_label (label))")
        .unwrap();
    sluice(root)
        .arg("baseline")
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded 0001_baseline as applied"));
    assert_eq!(
        scalar(&mut m.connect(), "SELECT count(*) FROM sluice_history WHERE state = 'baseline'"),
        "1"
    );
    sluice(root).arg("pull").assert().success();
    sluice(root).arg("check").assert().success();
    sluice(root)
        .arg("apply")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing to apply"));
}

#[test]
fn passwords_never_appear_in_output() {
    let Some(m) = TestMysql::new() else { return };
    let tmp = project(&m);
    let root = tmp.path();
    let secret = "s3cr3t-Pa55word";
    let bad = m.url().replacen("mysql://root@", &format!("mysql://root:{secret}@"), 1);
    let out = sluice(root).args(["status", "--url", &bad]).output().unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!text.contains(secret), "password leaked:\n{text}");
    assert!(text.contains(":***@"), "{text}");
}

/// Views and `ON UPDATE` columns round-trip (no false drift); a later
/// migration is linted with the MySQL rules, and a `MODIFY COLUMN` that
/// keeps the type is no data loss while one that changes it is.
#[test]
fn views_on_update_lint_and_modify_effects() {
    let Some(m) = TestMysql::new() else { return };
    let tmp = project(&m);
    let root = tmp.path();
    let schema_path = root.join("schema/schema.sql");
    let schema = fs::read_to_string(&schema_path).unwrap().replace(
        "  published_at datetime,\n",
        "  published_at datetime,\n  views int NOT NULL DEFAULT 0,\n  status enum('draft','live','gone') NOT NULL DEFAULT 'draft',\n  updated_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n",
    ) + "\nCREATE VIEW live_posts AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.author_id WHERE p.status = 'live';\nCREATE VIEW all_users AS SELECT * FROM users;\n";
    fs::write(&schema_path, &schema).unwrap();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    sluice(root).arg("apply").assert().success();
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));
    assert_nothing_to_migrate(root, &[]);

    // name becomes NOT NULL (same type), views becomes bigint, and the
    // enum's values are reordered.
    let v2 = schema
        .replace("  name varchar(255),\n", "  name varchar(255) NOT NULL,\n")
        .replace("  views int NOT NULL DEFAULT 0,\n", "  views bigint NOT NULL DEFAULT 0,\n")
        .replace("enum('draft','live','gone')", "enum('live','draft','gone')");
    fs::write(&schema_path, v2).unwrap();
    sluice(root).args(["generate", "--name", "tighten"]).assert().success();
    let lint = sluice(root).args(["lint", "0002"]).assert().code(1);
    let out = String::from_utf8_lossy(&lint.get_output().stdout).to_string();
    assert!(
        out.contains(
            "error[mysql-table-copy]: changing posts.views from integer to bigint copies posts"
        ),
        "{out}"
    );
    assert!(out.contains("warning[mysql-enum-change]"), "{out}");
    let review = sluice(root).args(["review", "0002", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&review.get_output().stdout).unwrap();
    let effects = v.to_string();
    assert!(
        effects.contains("\"effect\":\"changes the type of posts.views\",\"loses_data\":true"),
        "{effects}"
    );
    assert!(!effects.contains("changes the type of users.name"), "{effects}");
    assert!(effects.contains("\"effect\":\"alters users\",\"loses_data\":false"), "{effects}");
    sluice(root).arg("apply").assert().success();
    sluice(root).arg("check").assert().success().stdout(predicate::str::contains("clean"));
}
