//! 100 randomized destructive migrations (drop column, drop table, type
//! change, DELETE and UPDATE in hand-written migrations) on tables with
//! data, applied with backups on and rolled back with `sluice rollback`:
//! every table's content checksum equals the one before. PostgreSQL,
//! SQLite and MySQL (type changes on PostgreSQL only: MySQL's strict mode
//! refuses a narrowing `MODIFY`, SQLite has no `ALTER COLUMN`).
//!
//! Migrations come in batches of five (applied by one `sluice apply`,
//! undone by one `sluice rollback --to 1`, newest first), so later
//! migrations of a batch act on what earlier ones left.

use super::common::{content, exec, sluice};
use super::*;
use sluice_migrate::dir::MigrationsDir;

const DESTRUCTIVE: usize = 100;
const BATCH: usize = 5;
const TABLES: [&str; 3] = ["accounts", "orders", "events"];

fn schema() -> String {
    TABLES
        .iter()
        .map(|t| {
            format!(
                "CREATE TABLE {t} (id integer PRIMARY KEY, x integer NOT NULL, s varchar(40));\n"
            )
        })
        .collect()
}

/// One destructive migration on what the batch left: (kind, up, down).
fn pick(
    rng: &mut Rng,
    dialect: Dialect,
    live: &mut Vec<(&'static str, bool)>,
) -> (String, String, String) {
    let k = rng.below(live.len() as u64) as usize;
    let (t, has_s) = live[k];
    let (m, r) = (2 + rng.below(4), rng.below(2));
    let kinds: &[&str] = match (dialect, has_s) {
        (Dialect::Postgres, true) => {
            &["delete", "update", "drop_column", "drop_table", "change_type"]
        }
        (_, true) => &["delete", "update", "drop_column", "drop_table"],
        _ => &["delete", "update", "drop_table"],
    };
    let kind = *rng.pick(kinds);
    let (up, down) = match kind {
        "delete" => (format!("DELETE FROM {t} WHERE id % {m} = {r};\n"), String::new()),
        "update" => (
            format!(
                "UPDATE {t} SET x = x * 7 + 1{} WHERE id % {m} = {r};\n",
                if has_s { ", s = NULL" } else { "" }
            ),
            String::new(),
        ),
        "drop_column" => {
            live[k].1 = false;
            (
                format!("ALTER TABLE {t} DROP COLUMN s;\n"),
                format!("ALTER TABLE {t} ADD COLUMN s varchar(40);\n"),
            )
        }
        "change_type" => (
            format!("ALTER TABLE {t} ALTER COLUMN s TYPE varchar(3) USING left(s, 3);\n"),
            format!("ALTER TABLE {t} ALTER COLUMN s TYPE varchar(40);\n"),
        ),
        _ => {
            live.remove(k);
            let cols = if has_s { ", s varchar(40)" } else { "" };
            (
                format!("DROP TABLE {t};\n"),
                format!("CREATE TABLE {t} (id integer PRIMARY KEY, x integer NOT NULL{cols});\n"),
            )
        }
    };
    let down = if down.is_empty() {
        "-- data only: rollback restores the backup\n".to_string()
    } else {
        down
    };
    (kind.to_string(), up, down)
}

fn checksums(db: &Db, root: &Path) -> Vec<String> {
    TABLES.iter().map(|t| content(root, db.dialect, &db.url, t, "id")).collect()
}

fn destructive_migrations_roll_back_to_the_same_data(db: &Db, seed: u64) {
    let tmp = project(db, &schema(), "");
    let root = tmp.path();
    sluice(root).args(["generate", "--name", "init"]).assert().success();
    sluice(root).arg("apply").assert().success();
    let mut rng = Rng::seeded(&format!("{} destructive migrations", db.name()), seed);
    let mut sql = String::new();
    for t in TABLES {
        for id in 1..=40 {
            let s = match rng.below(4) {
                0 => "NULL".to_string(),
                1 => "'O''Brien \u{e9}\u{4e2d}'".to_string(),
                _ => format!("'text {}'", rng.below(1000)),
            };
            sql.push_str(&format!(
                "INSERT INTO {t} (id, x, s) VALUES ({id}, {}, {s});",
                rng.below(10_000)
            ));
        }
    }
    exec(root, db.dialect, &db.url, &sql);
    let before = checksums(db, root);
    let dir = MigrationsDir::new(root.join("migrations"));
    let mut kinds = std::collections::BTreeMap::new();
    let mut done = 0;
    while done < DESTRUCTIVE {
        let base = dir.load().unwrap();
        let mut all = base.clone();
        let mut live: Vec<(&'static str, bool)> = TABLES.iter().map(|t| (*t, true)).collect();
        for _ in 0..BATCH.min(DESTRUCTIVE - done) {
            if live.is_empty() {
                break;
            }
            let (kind, up, down) = pick(&mut rng, db.dialect, &mut live);
            let snap = all[0].snapshot.clone().unwrap();
            let m = dir.write(&all, &kind, up, down, snap).unwrap();
            Review::default().save(&m).unwrap();
            all.push(m);
            *kinds.entry(kind).or_insert(0) += 1;
            done += 1;
        }
        let ctx = format!("after {done} destructive migrations (seed {})", rng.0);
        sluice(root).arg("apply").assert().success();
        let changed = live.len() < TABLES.len()
            || TABLES.iter().zip(&before).any(|(t, b)| {
                live.iter().any(|(l, _)| l == t)
                    && content(root, db.dialect, &db.url, t, "id") != *b
            });
        assert!(changed, "{ctx}: the batch changed nothing, so its rollback proves nothing");
        sluice(root).args(["rollback", "--to", "1"]).assert().success();
        assert_eq!(checksums(db, root), before, "{ctx}: contents differ after the rollback");
        // The batch's folders go (history keeps them as rolled back); the
        // next batch takes their numbers.
        for m in &all[base.len()..] {
            dir.unwrite(&all[..base.len()], m).unwrap();
        }
    }
    eprintln!("{}: {done} destructive migrations applied and rolled back: {kinds:?}", db.name());
}

#[test]
fn postgres_destructive_migrations_roll_back_to_the_same_data() {
    let Some(db) = Db::postgres() else { return };
    destructive_migrations_roll_back_to_the_same_data(&db, 0x5afe_0001);
}

#[test]
fn mysql_destructive_migrations_roll_back_to_the_same_data() {
    let Some(db) = Db::mysql() else { return };
    destructive_migrations_roll_back_to_the_same_data(&db, 0x5afe_0003);
}

#[test]
fn sqlite_destructive_migrations_roll_back_to_the_same_data() {
    destructive_migrations_roll_back_to_the_same_data(&Db::sqlite(), 0x5afe_0002);
}
