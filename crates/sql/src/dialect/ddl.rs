//! DDL clauses shared by the dialects (column definitions, constraints). (to be written)
