#!/usr/bin/env bash
# Benchmark: sluice's database commands side by side with their floors, on the
# 1,000-table schema (../shared/bench/gen_schema.py), in one run, as ratios.
#
#   bash bench/db.sh
#
#   pull1000   sluice pull --out DIR        vs  pg_dump --schema-only   (database holding N=1000)
#   check1000  sluice check                 vs  pg_dump --schema-only
#   apply1000  sluice apply (one migration creating N=1000) into a fresh database
#                                           vs  psql -q -1 -f of the same up.sql into a fresh database
#              (and, for reference, psql -q -1 -f of the hand-written schema.sql)
# Each measured command includes creating its fresh database where it needs one
# (the same createdb for both sides). PostgreSQL: PGHOST/PGPORT/PGUSER, default the
# local server 127.0.0.1:5432 as postgres.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
W=${W:-/tmp/sluice-bench-db}
RUNS=${RUNS:-5}
SEED=${SEED:-42}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
URL="postgres://$PGUSER@$PGHOST:$PGPORT"
TIMER="python3 $SHARED/bench_time.py"

mkdir -p "$W" && cd "$W"
echo "== building sluice (release)" >&2
(cd "$REPO" && cargo build --release --quiet)
SLUICE=$REPO/target/release/sluice
python3 "$SHARED/gen_schema.py" 1000 --seed "$SEED" --out w/n1000 >/dev/null

# The database every read-only case reads, and a project whose migration
# creates the whole schema (generated once, outside the measurement).
dropdb --if-exists bench_pull1000 && createdb bench_pull1000
psql -X -q -v ON_ERROR_STOP=1 -1 -f w/n1000/schema.sql -d bench_pull1000 >/dev/null
rm -rf p && mkdir -p p
printf 'dialect = "postgres"\nschema = ["%s"]\nmigrations = "%s"\n[env.bench]\nurl = "%s/bench_pull1000"\n[env.fresh]\nurl = "${FRESH_URL}"\n' \
  "$W/w/n1000/schema.sql" "$W/p/migrations" "$URL" >p/sluice.toml
$SLUICE --config p/sluice.toml generate --name n1000 >/dev/null
$SLUICE --config p/sluice.toml baseline --env bench --version 1 >/dev/null

measure() { # NAME CMD
  echo "== $1: $2" >&2
  $TIMER -n "$RUNS" --warmup 1 --timeout 600 -- sh -c "$2"
}
field() { echo "$1" | awk -v n="$2" -v c="$3" '$1==n { for (i=2;i<=NF;i++) if ($i==c) { print $(i+1); exit } }'; }

declare -A R
R[dump]=$(measure "pg_dump --schema-only" "pg_dump --schema-only -d bench_pull1000 -f out-dump.sql")
R[pull]=$(measure "sluice pull" "rm -rf out-pull && $SLUICE --config p/sluice.toml pull --env bench --out out-pull >/dev/null")
R[check]=$(measure "sluice check" "$SLUICE --config p/sluice.toml check --env bench >/dev/null")
FRESH='db=fresh_$$ && createdb $db &&'
UP=$(ls -d "$W"/p/migrations/0001_*)/up.sql
R[psql]=$(measure "psql -1 -f up.sql (fresh db)" "$FRESH psql -X -q -v ON_ERROR_STOP=1 -1 -f $UP -d \$db >/dev/null")
R[psqlschema]=$(measure "psql -1 -f schema.sql (fresh db)" "$FRESH psql -X -q -v ON_ERROR_STOP=1 -1 -f w/n1000/schema.sql -d \$db >/dev/null")
R[apply]=$(measure "sluice apply (fresh db)" "$FRESH FRESH_URL=$URL/\$db $SLUICE --config p/sluice.toml apply --env fresh >/dev/null 2>&1")
for d in $(psql -X -At -d postgres -c "select datname from pg_database where datname like 'fresh\_%'"); do dropdb "$d"; done

echo
echo "| case | floor | floor wall s | sluice wall s | ratio (sluice / floor) | sluice peak MiB |"
echo "|---|---|---|---|---|---|"
row() { # CASE FLOOR_NAME FLOOR_KEY OUR_KEY
  fw=$(field "${R[$3]}" wall median); ow=$(field "${R[$4]}" wall median); om=$(field "${R[$4]}" peak median)
  printf '| %s | %s | %s | %s | %.2f | %s |\n' "$1" "$2" "$fw" "$ow" "$(echo "$ow / $fw" | bc -l)" "$om"
}
row pull1000 "pg_dump --schema-only" dump pull
row check1000 "pg_dump --schema-only" dump check
row apply1000 "psql -q -1 -f (same up.sql)" psql apply
row apply1000 "psql -q -1 -f (schema.sql)" psqlschema apply
