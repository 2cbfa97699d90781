//! The catalog queries of one introspection, each over the whole database
//! (never one query per table). They are sent together in one round trip;
//! each returns text columns in the order its reader expects (the column
//! comments below say which is which).
//!
//! Every query leaves out the system schemas, sluice's own schemas
//! (`sluice`, `sluice_backup`), drizzle-orm's migration history schema
//! (`drizzle`, kept by projects imported from drizzle-kit), temporary
//! schemas and objects that belong
//! to an extension (a `pg_depend` row of type `e`). Expressions are
//! deparsed with the pretty flag (fewer parentheses) under
//! `search_path = public`, so names in `public` come back unqualified, as
//! schema files write them.

/// Namespaces the driver never reports.
const NS_FILTER: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', \
     'sluice', 'sluice_backup', 'drizzle') AND n.nspname NOT LIKE 'pg\\_temp\\_%' \
     AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'";

/// `NOT EXISTS` an extension membership of object `oid` of catalog `class`.
fn not_extension_member(class: &str, oid: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '{class}'::regclass \
         AND x.objid = {oid} AND x.deptype = 'e')"
    )
}

/// A collation's name as schema files write it: bare in `pg_catalog`,
/// `schema.name` elsewhere. `co` / `cn` are the collation and its namespace.
const COLLATION_NAME: &str =
    "CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname ELSE cn.nspname || '.' || co.collname END";

/// 0 nspname, 1 comment.
pub(super) fn namespaces() -> String {
    format!(
        "SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n \
         WHERE {NS_FILTER} AND n.nspname <> 'public' AND {} ORDER BY 1",
        not_extension_member("pg_namespace", "n.oid")
    )
}

/// 0 extname, 1 schema. `plpgsql` is in every database from the start.
pub(super) fn extensions() -> String {
    "SELECT e.extname, n.nspname FROM pg_extension e \
     JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1"
        .to_string()
}

/// Enums and domains. 0 oid, 1 schema, 2 name, 3 typtype (e/d), 4 enum labels
/// (text[] in sort order), 5 domain base type, 6 NOT NULL, 7 default,
/// 8 collation when not the base type's, 9 comment, 10 array dimensions.
pub(super) fn types() -> String {
    format!(
        "SELECT t.oid, n.nspname, t.typname, t.typtype, \
           CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_enum e \
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] END, \
           format_type(t.typbasetype, t.typtypmod), t.typnotnull, \
           pg_get_expr(t.typdefaultbin, 0, true), \
           CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation \
             THEN {COLLATION_NAME} END, \
           obj_description(t.oid, 'pg_type'), t.typndims \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         LEFT JOIN pg_type bt ON bt.oid = t.typbasetype \
         LEFT JOIN pg_collation co ON co.oid = t.typcollation \
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
         WHERE t.typtype IN ('e', 'd') AND {NS_FILTER} AND {} ORDER BY t.oid",
        not_extension_member("pg_type", "t.oid")
    )
}

/// 0 oid, 1 schema, 2 name, 3 type, 4 start, 5 increment, 6 min, 7 max,
/// 8 cache, 9 cycle, 10 comment, 11 owner table oid, 12 owner attnum,
/// 13 dependency type (`a` serial / OWNED BY, `i` identity), 14 owner
/// schema, 15 owner table, 16 owner column, 17 `oid::regclass` text.
pub(super) fn sequences() -> String {
    format!(
        "SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, \
           s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, \
           obj_description(c.oid, 'pg_class'), d.refobjid, d.refobjsubid, d.deptype, \
           on_.nspname, oc.relname, oa.attname, c.oid::regclass::text \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_sequence s ON s.seqrelid = c.oid \
         LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid \
           AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 \
           AND d.deptype IN ('a', 'i') \
         LEFT JOIN pg_class oc ON oc.oid = d.refobjid \
         LEFT JOIN pg_namespace on_ ON on_.oid = oc.relnamespace \
         LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid \
         WHERE c.relkind = 'S' AND {NS_FILTER} AND {} ORDER BY c.oid",
        not_extension_member("pg_class", "c.oid")
    )
}

/// 0 oid, 1 schema, 2 name, 3 unlogged, 4 comment.
pub(super) fn tables() -> String {
    format!(
        "SELECT c.oid, n.nspname, c.relname, c.relpersistence = 'u', \
           obj_description(c.oid, 'pg_class') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {NS_FILTER} AND {} ORDER BY c.oid",
        not_extension_member("pg_class", "c.oid")
    )
}

/// Columns of every table (the reader drops those of tables it does not
/// report). 0 table oid, 1 attnum, 2 name, 3 type, 4 NOT NULL, 5 default
/// or generation expression, 6 identity (a/d), 7 generated (s), 8
/// collation when not the type's, 9 comment, 10 array dimensions.
pub(super) fn columns() -> String {
    format!(
        "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), \
           a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid, true), a.attidentity, \
           a.attgenerated, CASE WHEN co.oid IS NOT NULL THEN {COLLATION_NAME} END, \
           col_description(a.attrelid, a.attnum), a.attndims \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_type t ON t.oid = a.atttypid \
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
         LEFT JOIN pg_collation co ON co.oid = a.attcollation \
           AND a.attcollation <> t.typcollation \
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') \
           AND {NS_FILTER} ORDER BY a.attrelid, a.attnum"
    )
}

/// Keys and checks of tables and domains. 0 table oid (0 for a domain),
/// 1 domain oid (0 for a table), 2 name, 3 contype, 4 deferrable,
/// 5 initially deferred, 6 columns (name[] in key order), 7 referenced
/// schema, 8 referenced table, 9 referenced columns (name[]), 10 ON UPDATE,
/// 11 ON DELETE, 12 MATCH type, 13 NO INHERIT, 14 check expression,
/// 15 NULLS NOT DISTINCT.
pub(super) fn constraints(server_version: u32) -> String {
    let nulls_not_distinct =
        if server_version >= 150000 { "COALESCE(i.indnullsnotdistinct, false)" } else { "false" };
    format!(
        "SELECT con.conrelid, con.contypid, con.conname, con.contype, con.condeferrable, \
           con.condeferred, \
           ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord) \
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num \
             ORDER BY k.ord), \
           fn.nspname, fc.relname, \
           ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) \
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num \
             ORDER BY k.ord), \
           con.confupdtype, con.confdeltype, con.confmatchtype, con.connoinherit, \
           pg_get_expr(con.conbin, con.conrelid, true), {nulls_not_distinct} \
         FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace \
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
         LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u' \
         WHERE con.contype IN ('p', 'u', 'f', 'c') AND {NS_FILTER} \
         ORDER BY con.conrelid, con.contypid, con.conname"
    )
}

/// Indexes that do not implement a constraint, one row per key or INCLUDE
/// column. 0 table oid, 1 index oid, 2 index name, 3 unique, 4 method,
/// 5 number of key columns, 6 predicate, 7 NULLS NOT DISTINCT, 8 comment,
/// 9 position (from 1), 10 column (NULL for an expression), 11 key text,
/// 12 collation of a column key when not the column's, 13 operator class
/// when not the default, 14 indoption bits (1 DESC, 2 NULLS FIRST), 15 for
/// an expression key, the whole index definition (where its COLLATE shows).
pub(super) fn indexes(server_version: u32) -> String {
    let nulls_not_distinct =
        if server_version >= 150000 { "i.indnullsnotdistinct" } else { "false" };
    format!(
        "SELECT i.indrelid, i.indexrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts, \
           pg_get_expr(i.indpred, i.indrelid, true), {nulls_not_distinct}, \
           obj_description(ic.oid, 'pg_class'), k.ord, a.attname, \
           pg_get_indexdef(i.indexrelid, k.ord::int, true), \
           CASE WHEN k.coll <> 0 AND k.coll <> COALESCE(a.attcollation, 100) \
             THEN {COLLATION_NAME} END, \
           CASE WHEN NOT opc.opcdefault THEN CASE WHEN opn.nspname IN ('pg_catalog', 'public') \
             THEN opc.opcname ELSE opn.nspname || '.' || opc.opcname END END, \
           k.opt, CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, 0, true) END \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_class c ON c.oid = i.indrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_am am ON am.oid = ic.relam \
         CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indcollation::oid[], \
           i.indclass::oid[], i.indoption::int2[]) WITH ORDINALITY k(attnum, coll, cls, opt, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
           AND k.attnum > 0 \
         LEFT JOIN pg_collation co ON co.oid = k.coll \
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
         LEFT JOIN pg_opclass opc ON opc.oid = k.cls \
         LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace \
         WHERE c.relkind IN ('r', 'p') AND {NS_FILTER} \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint x WHERE x.conindid = i.indexrelid \
             AND x.conrelid = i.indrelid AND x.contype IN ('p', 'u', 'x')) \
         ORDER BY i.indexrelid, k.ord"
    )
}

/// 0 schema, 1 name, 2 materialized, 3 definition, 4 comment.
pub(super) fn views() -> String {
    format!(
        "SELECT n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true), \
           obj_description(c.oid, 'pg_class') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('v', 'm') AND {NS_FILTER} AND {} ORDER BY c.oid",
        not_extension_member("pg_class", "c.oid")
    )
}
