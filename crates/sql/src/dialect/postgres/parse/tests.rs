//! Tests of the whole reader: several files, syntax errors, garbage input.
