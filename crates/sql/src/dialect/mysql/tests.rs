//! MySQL dialect tests: what the parser reads, the names it gives unnamed
//! keys, located errors, and the round trip render(Schema) -> parse.

use super::Mysql;
use crate::{SourceFile, SqlDialect};
use sluice_schema::{FkAction, IndexTarget, SqlType};

pub const SAMPLE: &str = "
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(255) NOT NULL COMMENT 'login',
  name VARCHAR(100) DEFAULT 'anon',
  active bool NOT NULL DEFAULT true,
  score int(11) DEFAULT '0',
  balance decimal(10,2) NOT NULL DEFAULT 0,
  role enum('admin','member') NOT NULL DEFAULT 'member',
  flags set('a','b'),
  bio text,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  born date,
  full_name varchar(201) GENERATED ALWAYS AS (concat(name, ' ', email)) VIRTUAL,
  PRIMARY KEY (id),
  UNIQUE KEY users_email (email),
  KEY (name),
  FULLTEXT KEY ft_bio (bio),
  CHECK (score >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people';

CREATE TABLE posts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id bigint unsigned NOT NULL,
  editor_id bigint unsigned,
  title varchar(200) NOT NULL,
  price int CHECK (price > 0),
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL
);

CREATE INDEX posts_title ON posts (title(50));
";

fn parse(text: &str) -> crate::Parsed {
    Mysql.parse(&[SourceFile::new("schema.sql", text)])
}

#[test]
fn reads_tables_keys_and_types() {
    let p = parse(SAMPLE);
    assert!(p.errors.is_empty(), "{:?}", p.errors.iter().map(|e| e.short()).collect::<Vec<_>>());
    let users = &p.schema.tables[1];
    assert_eq!(users.name.name, "users");
    let id = users.column("id").unwrap();
    assert_eq!(id.ty, SqlType::Other { name: "bigint unsigned".into() });
    assert!(id.identity.is_some());
    assert_eq!(users.column("active").unwrap().ty, SqlType::Boolean);
    assert_eq!(users.column("active").unwrap().default.as_ref().unwrap().0, "1");
    assert_eq!(users.column("balance").unwrap().default.as_ref().unwrap().0, "0.00");
    assert_eq!(users.column("score").unwrap().default.as_ref().unwrap().0, "0");
    assert_eq!(users.comment.as_deref(), Some("people"));
    assert_eq!(users.column("email").unwrap().comment.as_deref(), Some("login"));
    let names: Vec<&str> = users.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["ft_bio", "name", "users_email"]);
    assert_eq!(users.checks[0].name.as_deref(), Some("CONSTRAINT_1"));
    let posts = &p.schema.tables[0];
    let fks: Vec<(&str, FkAction)> =
        posts.foreign_keys.iter().map(|f| (f.name.as_deref().unwrap(), f.on_delete)).collect();
    assert_eq!(fks, [("posts_ibfk_1", FkAction::SetNull), ("posts_user_fk", FkAction::Cascade)]);
    // InnoDB's own indexes for the foreign keys, and the prefix index.
    let ix: Vec<&str> = posts.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(ix, ["editor_id", "posts_title", "posts_user_fk"]);
    let title = posts.indexes.iter().find(|i| i.name == "posts_title").unwrap();
    assert_eq!(title.keys[0].target, IndexTarget::Expr(sluice_schema::Expr::new("title(50)")));
    assert_eq!(posts.checks[0].name.as_deref(), Some("price"));
    let updated = users.column("updated_at").unwrap();
    assert_eq!(updated.on_update.as_ref().unwrap().0, "current_timestamp(3)");
}

#[test]
fn render_schema_parses_back_equal() {
    let p = parse(SAMPLE);
    let text = Mysql.render_schema(&p.schema);
    let back = parse(&text);
    assert!(
        back.errors.is_empty(),
        "{text}\n{:?}",
        back.errors.iter().map(|e| e.short()).collect::<Vec<_>>()
    );
    assert_eq!(back.schema, p.schema, "{text}");
}

#[test]
fn unsupported_clauses_are_located_errors() {
    let p = parse("CREATE TABLE a (id int);\n\nCREATE TABLE t (\n  x timestamp ON UPDATE 1\n);\nDROP TABLE a;\nCREATE TABLE b (id int) ENGINE=MyISAM;\nCREATE TABLE c (id int,, x int);");
    let msgs: Vec<String> = p.errors.iter().map(|e| e.short()).collect();
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    assert!(msgs[0].starts_with("schema.sql:3:1: column `x`: ON UPDATE"), "{msgs:?}");
    assert!(msgs[1].contains("DROP TABLE is not supported"), "{msgs:?}");
    assert!(msgs[2].contains("only InnoDB"), "{msgs:?}");
    assert!(msgs[3].starts_with("schema.sql:8:"), "{msgs:?}");
    assert_eq!(p.schema.tables.len(), 1);
}

#[test]
fn renders_each_change() {
    let from = parse(SAMPLE).schema;
    let to = parse(
        &SAMPLE
            .replace("  born date,\n", "  born datetime,\n  nick varchar(20),\n")
            .replace(" ON UPDATE CURRENT_TIMESTAMP(3)", "")
            .replace("KEY (name),", ""),
    )
    .schema;
    let changes = sluice_schema::diff(&from, &to, &Default::default());
    let sql = crate::render_script(&Mysql, &changes);
    assert!(sql.contains("ALTER TABLE `users` MODIFY COLUMN `born` datetime NULL"), "{sql}");
    assert!(sql.contains("ALTER TABLE `users` ADD COLUMN `nick` varchar(20) NULL"), "{sql}");
    assert!(sql.contains("DROP INDEX `name` ON `users`"), "{sql}");
    assert!(
        sql.contains(
            "MODIFY COLUMN `updated_at` timestamp(3) NOT NULL DEFAULT current_timestamp(3);"
        ),
        "{sql}"
    );
    let back = crate::render_script(&Mysql, &sluice_schema::diff(&to, &from, &Default::default()));
    assert!(
        back.contains("DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3);"),
        "{back}"
    );
    let down = sluice_schema::diff(
        &sluice_schema::Schema::empty(sluice_schema::Dialect::Mysql),
        &to,
        &Default::default(),
    );
    let create = crate::render_script(&Mysql, &down);
    assert!(create.contains("ADD CONSTRAINT `posts_ibfk_1` FOREIGN KEY (`editor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL"), "{create}");
    assert!(create.contains("CREATE INDEX `posts_title` ON `posts` (`title`(50))"), "{create}");
}

#[test]
fn auto_increment_columns_always_have_their_key() {
    let plain = parse("CREATE TABLE t (id int NOT NULL, v int);").schema;
    let keyed = parse("CREATE TABLE t (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v int);").schema;
    for (from, to, first) in [
        (&plain, &keyed, "ADD PRIMARY KEY"),
        (&keyed, &plain, "MODIFY COLUMN `id` integer NOT NULL;"),
    ] {
        let changes = sluice_schema::diff(from, to, &Default::default());
        let planned = Mysql.plan(from, to, changes.into());
        let sql = crate::render_script(&Mysql, &planned);
        let at = |s: &str| sql.find(s).unwrap_or_else(|| panic!("{s} not in {sql}"));
        let other = if first == "ADD PRIMARY KEY" { "AUTO_INCREMENT" } else { "DROP PRIMARY KEY" };
        assert!(at(first) < at(other), "{sql}");
    }
}

#[test]
fn partitions_are_located_errors() {
    let p = parse(
        "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE logs (\n  id int NOT NULL,\n  at date NOT NULL,\n  PRIMARY KEY (id, at)\n)\nPARTITION BY RANGE (YEAR(at)) (\n  PARTITION p0 VALUES LESS THAN (2020),\n  PARTITION p1 VALUES LESS THAN MAXVALUE\n);\nCREATE TABLE h (id int) PARTITION BY HASH (id) PARTITIONS 4;",
    );
    let msgs: Vec<String> = p.errors.iter().map(|e| e.short()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with("schema.sql:7:1: partitioned tables are not supported"),
        "{msgs:?}"
    );
    assert!(msgs[1].starts_with("schema.sql:11:25: partitioned tables"), "{msgs:?}");
    assert_eq!(p.schema.tables.len(), 1);
}

#[test]
fn backslashes_in_string_defaults_stay_escaped() {
    // MySQL reads backslashes in strings as escapes: a value ending in one
    // must not swallow the closing quote when written back.
    let p = parse(
        "CREATE TABLE t (a varchar(9) DEFAULT 'C:\\\\d\\\\', b varchar(9) DEFAULT 'x\\'y', c int CHECK (a <> 'z\\\\'));",
    );
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let t = &p.schema.tables[0];
    assert_eq!(t.columns[0].default.as_ref().unwrap().as_str(), "'C:\\\\d\\\\'");
    assert_eq!(t.columns[1].default.as_ref().unwrap().as_str(), "'x''y'");
    assert!(t.checks[0].expr.as_str().contains("'z\\\\'"), "{:?}", t.checks[0]);
    let sql = crate::dialect::dialect_for(sluice_schema::Dialect::Mysql)
        .unwrap()
        .render_schema(&p.schema);
    assert!(sql.contains("DEFAULT 'C:\\\\d\\\\'"), "{sql}");
}

#[test]
fn foreign_keys_need_as_many_referenced_columns() {
    // Both are refused by MySQL and MariaDB (errno 150); without the check the
    // first rendered as `REFERENCES p ()`, which no reader accepts.
    let p = parse(
        "CREATE TABLE p (id int PRIMARY KEY, k int);\nCREATE TABLE c (a int, CONSTRAINT fk FOREIGN KEY (a) REFERENCES p);\nCREATE TABLE d (a int, b int,\n  FOREIGN KEY (a, b) REFERENCES p (id));",
    );
    let msgs: Vec<String> = p.errors.iter().map(|e| e.short()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0]
            .starts_with("schema.sql:2:1: a foreign key of table `c` names no referenced columns"),
        "{msgs:?}"
    );
    assert!(
        msgs[1].starts_with("schema.sql:3:1: a foreign key of table `d` names a different number"),
        "{msgs:?}"
    );
    assert_eq!(p.schema.tables.len(), 1);
}
