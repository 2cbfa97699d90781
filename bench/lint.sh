#!/usr/bin/env bash
# Benchmark: `sluice lint` side by side with squawk (pip install squawk-cli)
# on the same 2,000-statement PostgreSQL migration, in every output format,
# in one run, as ratios.
#
#   bash bench/lint.sh            (RUNS=5 STATEMENTS=2000 by default)
#
# The file is generated here (seeded): CREATE TABLE, ALTER TABLE ADD COLUMN
# (some NOT NULL, some with defaults), CREATE INDEX (with and without
# CONCURRENTLY, on new and existing tables), ADD CONSTRAINT FOREIGN KEY / CHECK,
# SET NOT NULL, ALTER COLUMN TYPE, renames, drops, UPDATE/DELETE backfills.
# Both tools read the file, parse it and print their findings; wall time,
# CPU and peak RSS are measured by the shared bench_time.py. squawk's
# formats: tty (default) and gcc; sluice's: human, json, github, sarif.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
W=${W:-/tmp/sluice-bench-lint}
RUNS=${RUNS:-5}
N=${STATEMENTS:-2000}
TIMER="python3 $SHARED/bench_time.py"

SQUAWK=${SQUAWK:-$(command -v pyenv >/dev/null && pyenv which squawk 2>/dev/null || command -v squawk || true)}
if [ -z "$SQUAWK" ] || ! "$SQUAWK" --version >/dev/null 2>&1; then
  echo "== installing squawk (pip install squawk-cli)" >&2
  pip install --quiet squawk-cli >&2
  SQUAWK=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/squawk
fi
echo "== $("$SQUAWK" --version) at $SQUAWK" >&2

echo "== building sluice (release)" >&2
(cd "$REPO" && cargo build --release --quiet)
SLUICE=$REPO/target/release/sluice

mkdir -p "$W" && cd "$W"
printf 'dialect = "postgres"\n' >sluice.toml
python3 - "$N" >migration.sql <<'PY'
import random, sys
n = int(sys.argv[1]); rnd = random.Random(42); out = []
tables = []  # created in this file
legacy = [f"legacy_{i}" for i in range(200)]  # existing tables
types = ["bigint", "integer", "text", "varchar(100)", "timestamptz", "timestamp", "boolean", "numeric(12,2)", "jsonb"]
while len(out) < n:
    k = rnd.random()
    if k < 0.15 or not tables:
        t = f"t_{len(tables)}"; tables.append(t)
        cols = ",\n  ".join(f"c{j} {rnd.choice(types)}{' NOT NULL' if rnd.random() < .3 else ''}" for j in range(rnd.randint(3, 8)))
        out.append(f"CREATE TABLE {t} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  {cols}\n);")
    elif k < 0.35:
        t = rnd.choice(legacy + tables); c = f"x{len(out)}"
        extra = rnd.choice(["", " NOT NULL", " DEFAULT 0", " DEFAULT now()", " NOT NULL DEFAULT 'a'"])
        out.append(f"ALTER TABLE {t} ADD COLUMN {c} {rnd.choice(types)}{extra};")
    elif k < 0.55:
        t = rnd.choice(legacy + tables); conc = "CONCURRENTLY " if rnd.random() < .3 else ""
        out.append(f"CREATE INDEX {conc}{t}_i{len(out)} ON {t} (c{rnd.randint(0, 2)});")
    elif k < 0.70:
        t = rnd.choice(legacy + tables); r = rnd.choice(legacy + tables)
        nv = " NOT VALID" if rnd.random() < .3 else ""
        out.append(f"ALTER TABLE {t} ADD CONSTRAINT {t}_fk{len(out)} FOREIGN KEY (c0) REFERENCES {r} (id){nv};")
    elif k < 0.78:
        t = rnd.choice(legacy)
        out.append(f"ALTER TABLE {t} ADD CONSTRAINT {t}_ck{len(out)} CHECK (c1 >= 0);")
    elif k < 0.84:
        t = rnd.choice(legacy)
        out.append(f"ALTER TABLE {t} ALTER COLUMN c{rnd.randint(0, 3)} SET NOT NULL;")
    elif k < 0.88:
        t = rnd.choice(legacy)
        out.append(f"ALTER TABLE {t} ALTER COLUMN c{rnd.randint(0, 3)} TYPE bigint;")
    elif k < 0.91:
        t = rnd.choice(legacy)
        out.append(f"ALTER TABLE {t} RENAME COLUMN c{rnd.randint(0, 3)} TO r{len(out)};")
    elif k < 0.94:
        t = rnd.choice(legacy)
        out.append(f"ALTER TABLE {t} DROP COLUMN c{rnd.randint(4, 9)};")
    else:
        t = rnd.choice(legacy + tables)
        out.append(f"UPDATE {t} SET c0 = 0 WHERE c0 IS NULL;")
print("\n".join(out[:n]))
PY
echo "== migration.sql: $(grep -c ';$' migration.sql) statements, $(wc -c <migration.sql) bytes" >&2

measure() { # NAME CMD
  echo "== $1: $2" >&2
  $TIMER -n "$RUNS" --warmup 1 --timeout 600 -- sh -c "$2"
}
field() { echo "$1" | awk -v n="$2" -v c="$3" '$1==n { for (i=2;i<=NF;i++) if ($i==c) { print $(i+1); exit } }'; }

declare -A R
R[sq_tty]=$(measure "squawk (tty)" "$SQUAWK migration.sql >/dev/null")
R[sq_gcc]=$(measure "squawk --reporter gcc" "$SQUAWK --reporter gcc migration.sql >/dev/null")
for f in human json github sarif; do
  R[sl_$f]=$(measure "sluice lint --format $f" "$SLUICE --config sluice.toml lint --file migration.sql --format $f >/dev/null")
done
SQ_FINDINGS=$("$SQUAWK" --reporter gcc migration.sql 2>/dev/null | grep -c ': warning\|: error' || true)
SL_FINDINGS=$("$SLUICE" --config sluice.toml lint --file migration.sql --format github | grep -c '^::' || true)

echo
echo "2,000-statement PostgreSQL migration ($(wc -c <migration.sql) bytes); squawk findings: $SQ_FINDINGS, sluice findings: $SL_FINDINGS"
echo
echo "| sluice format | sluice wall s | squawk (tty) wall s | ratio vs tty | squawk (gcc) wall s | ratio vs gcc | sluice peak MiB | squawk peak MiB |"
echo "|---|---|---|---|---|---|---|---|"
for f in human json github sarif; do
  s=$(field "${R[sl_$f]}" wall median); t=$(field "${R[sq_tty]}" wall median); g=$(field "${R[sq_gcc]}" wall median)
  sp=$(field "${R[sl_$f]}" peak median); qp=$(field "${R[sq_tty]}" peak median)
  printf '| %s | %.3f | %.3f | %.2f | %.3f | %.2f | %.0f | %.0f |\n' "$f" "$s" "$t" "$(echo "$s / $t" | bc -l)" "$g" "$(echo "$s / $g" | bc -l)" "$sp" "$qp"
done
echo
echo "(ratio = sluice / squawk: below 1 means sluice is faster; medians of $RUNS runs)"
