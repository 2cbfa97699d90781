//! The MySQL/MariaDB driver on a real server: a schema loaded from DDL
//! introspects equal to the parse of the same DDL; history, audit (and its
//! append-only triggers), the lock, backups' bookkeeping, unmanaged objects.

use sluice_db::testing::TestMysql;
use sluice_migrate::{AuditEvent, Driver, HistoryRow, HistoryState};
use sluice_schema::Dialect;
use sluice_sql::{dialect_for, SourceFile};

const SCHEMA: &str = "
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL COMMENT 'login',
  name VARCHAR(100) DEFAULT 'anon',
  active bool NOT NULL DEFAULT true,
  score int(11) DEFAULT '0',
  balance decimal(10,2) NOT NULL DEFAULT 0,
  ratio double,
  small smallint,
  tiny tinyint unsigned,
  role enum('admin','member','it''s') NOT NULL DEFAULT 'member',
  flags set('a','b'),
  bio text,
  doc json,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated datetime(3),
  touched timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  changed datetime(3) NULL ON UPDATE now(3),
  born date,
  code char(2) COLLATE utf8mb4_bin,
  full_name varchar(400) GENERATED ALWAYS AS (concat(name, ' ', email)) VIRTUAL,
  total decimal(12,2) AS (balance * 2) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY users_email (email),
  KEY (name),
  KEY name_score (name, score DESC),
  FULLTEXT KEY ft_bio (bio),
  CHECK (score >= 0),
  CONSTRAINT positive_balance CHECK (balance >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people';

CREATE TABLE posts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint unsigned NOT NULL,
  editor_id bigint unsigned,
  title varchar(200) NOT NULL,
  price int CHECK (price > 0),
  slug varchar(50) UNIQUE,
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX posts_title ON posts (title(50));
CREATE UNIQUE INDEX posts_user_title ON posts (user_id, title);

CREATE VIEW active_users AS select id, email from users where active = true;
CREATE VIEW post_counts (user_id, n) AS SELECT user_id, count(*) FROM posts GROUP BY user_id HAVING count(*) > 1;
CREATE VIEW user_posts AS SELECT u.email, p.title AS post FROM users u JOIN posts p ON p.user_id = u.id WHERE p.price > 0;
CREATE VIEW all_posts AS SELECT * FROM posts ORDER BY id;
";

fn parse(sql: &str) -> sluice_schema::Schema {
    let d = dialect_for(Dialect::Mysql).unwrap();
    let p = d.parse(&[SourceFile::new("schema.sql", sql)]);
    assert!(p.errors.is_empty(), "{:?}", p.errors.iter().map(|e| e.short()).collect::<Vec<_>>());
    p.schema
}

fn load(db: &mut dyn Driver, sql: &str) {
    for s in sluice_sql::split::split(sql, Dialect::Mysql).unwrap() {
        db.execute(&s.sql).unwrap_or_else(|e| panic!("{e}\n{}", s.sql));
    }
}

#[test]
fn introspection_equals_parse() {
    let Some(m) = TestMysql::new() else { return };
    let mut db = m.connect();
    load(&mut db, SCHEMA);
    let live = db.introspect().unwrap();
    let parsed = parse(SCHEMA);
    let a = serde_json::to_string_pretty(&parsed).unwrap();
    let b = serde_json::to_string_pretty(&live).unwrap();
    assert_eq!(a, b);
    assert_eq!(parsed, live);
    // Rendered back and loaded into a second database: the same again.
    let text = dialect_for(Dialect::Mysql).unwrap().render_schema(&parsed);
    let Some(m2) = TestMysql::new() else { return };
    let mut db2 = m2.connect();
    db2.execute("SET FOREIGN_KEY_CHECKS = 0").unwrap();
    load(&mut db2, &text);
    assert_eq!(db2.introspect().unwrap(), parsed, "{text}");
}

#[test]
fn history_audit_lock_and_unmanaged() {
    let Some(m) = TestMysql::new() else { return };
    let mut db = m.connect();
    assert!(db.history().unwrap().is_empty());
    assert!(db.audit().unwrap().is_empty());
    db.ensure_meta().unwrap();
    db.ensure_meta().unwrap();
    let mut row = HistoryRow {
        version: 1,
        name: "init".into(),
        checksum: "abc".into(),
        state: HistoryState::Failed,
        applied_at: "2026-01-01T00:00:00Z".into(),
        applied_by: "me".into(),
        execution_ms: 5,
        env: "dev".into(),
        tool_version: "0.1.0".into(),
        statements_done: 2,
    };
    db.write_history(&row).unwrap();
    row.state = HistoryState::Applied;
    row.statements_done = 3;
    db.write_history(&row).unwrap();
    assert_eq!(db.history().unwrap(), vec![row]);
    let ev = AuditEvent {
        event: "applied".into(),
        version: Some(1),
        actor: "me".into(),
        env: "dev".into(),
        detail: "ok".into(),
    };
    db.append_audit(&ev).unwrap();
    let audit = db.audit().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].event, ev);
    assert!(audit[0].at.ends_with('Z') && audit[0].at.len() == 24, "{}", audit[0].at);
    let err = db.execute("DELETE FROM sluice_audit").unwrap_err().to_string();
    assert!(err.contains("append-only"), "{err}");
    let err = db.execute("UPDATE sluice_audit SET actor = 'x'").unwrap_err().to_string();
    assert!(err.contains("append-only"), "{err}");

    // The lock is per database and held by the session.
    let mut other = m.connect();
    assert!(db.try_lock().unwrap());
    assert!(!other.try_lock().unwrap());
    db.unlock().unwrap();
    assert!(other.try_lock().unwrap());
    other.unlock().unwrap();

    // sluice's own tables are not part of the schema; triggers are named.
    assert!(db.introspect().unwrap().tables.is_empty());
    assert!(db.unmanaged().unwrap().is_empty());
    db.execute("CREATE TABLE t (id int PRIMARY KEY)").unwrap();
    db.execute("CREATE TRIGGER t_ins BEFORE INSERT ON t FOR EACH ROW SET NEW.id = NEW.id + 1")
        .unwrap();
    assert_eq!(db.unmanaged().unwrap(), vec!["trigger t_ins on t".to_string()]);
    // A partitioned table: its partitioning is listed, and the table
    // itself still reads.
    db.execute(
        "CREATE TABLE logs (id int NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 3",
    )
    .unwrap();
    assert_eq!(
        db.unmanaged().unwrap(),
        vec![
            "trigger t_ins on t".to_string(),
            "partitioning of table logs (HASH (`id`), 3 partitions)".to_string()
        ]
    );
    assert!(db.introspect().unwrap().tables.iter().any(|t| t.name.name == "logs"));

    db.ensure_backup_space().unwrap();
    db.record_backup(1, 1, "{\"a\":1}").unwrap();
    db.record_backup(1, 1, "{\"a\":2}").unwrap();
    assert_eq!(db.backup_records(1).unwrap(), vec!["{\"a\":2}".to_string()]);
    assert!(db.relation_bytes("`t`").unwrap().is_some());
}

#[test]
fn urls_are_redacted_in_errors() {
    let err = sluice_db::connect(
        "mysql://root:s3cret@127.0.0.1:1/nope",
        Dialect::Mysql,
        std::path::Path::new("."),
    )
    .err()
    .expect("port 1 refuses")
    .to_string();
    assert!(!err.contains("s3cret") && err.contains("***"), "{err}");
}
