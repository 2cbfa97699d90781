#!/usr/bin/env bash
# Benchmark: server time of the dashboard's heaviest pages (`sluice serve`),
# read from the Server-Timing header the server sets on every response.
#
#   bash bench/serve.sh            (RUNS=20 by default)
#
# 1. The migrations page of a SQLite project with 1,000 migrations (up.sql
#    and down.sql; no snapshot.json, so lint runs without the schema before
#    and after): the first view lints every migration for its risk (then
#    cached by up.sql checksum), later views use the cache.
# 2. The schema browser of the 1,000-table schema of
#    ../shared/bench/gen_schema.py: the desired schema (the schema files,
#    parsed per request) and, when PostgreSQL is reachable at
#    127.0.0.1:5432, the live database (introspected per request).
# Target: <= 50 ms of server time per page. Figures: median and p90 of RUNS
# warm views (wall time in the server), the first (cold) view, and the
# server process's CPU time per warm view (from /proc: on a busy machine
# wall time includes waiting for a core, CPU time does not).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
W=${W:-/tmp/sluice-bench-serve}
RUNS=${RUNS:-20}
N=${N:-1000}
PG=${PG:-postgres://postgres@127.0.0.1:5432}

echo "== building sluice (release)" >&2
(cd "$REPO" && cargo build --release --quiet -p sluice-cli)
SLUICE=$REPO/target/release/sluice
rm -rf "$W" && mkdir -p "$W"

# --- project 1: SQLite, N migrations --------------------------------------
P1=$W/migrations && mkdir -p "$P1/schema"
cd "$P1"
cat >sluice.toml <<TOML
dialect = "sqlite"
schema = ["schema/*.sql"]
migrations = "migrations"

[env.dev]
url = "sqlite://dev.db"
require_approvals = { low = 0, moderate = 1, high = 1 }
TOML
python3 - "$N" <<'PY'
import json, os, sys
n = int(sys.argv[1])
os.makedirs("migrations", exist_ok=True)
for i in range(1, n + 1):
    d = f"migrations/{i:04d}_step_{i}"
    os.makedirs(d, exist_ok=True)
    if i % 10 == 0:
        up = f"ALTER TABLE t_{i-1} DROP COLUMN note;\n"
        down = f"ALTER TABLE t_{i-1} ADD COLUMN note text;\n"
    else:
        up = f"CREATE TABLE t_{i} (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  note text\n);\nCREATE INDEX t_{i}_name ON t_{i} (name);\n"
        down = f"DROP TABLE t_{i};\n"
    open(f"{d}/up.sql", "w").write(up)
    open(f"{d}/down.sql", "w").write(down)
PY
"$SLUICE" rehash >/dev/null
printf 'bench password\n' | "$SLUICE" user add bench --role viewer --password-stdin --env dev >/dev/null

# --- project 2: the 1,000-table schema ------------------------------------
P2=$W/schema && mkdir -p "$P2/schema"
python3 "$SHARED/gen_schema.py" 1000 --out "$P2/gen" >/dev/null
cp "$P2/gen/schema.sql" "$P2/schema/app.sql"
cd "$P2"
DB=sluice_bench_serve_$$
LIVE=0
if command -v psql >/dev/null && psql "$PG/postgres" -qc "CREATE DATABASE $DB" 2>/dev/null; then
  LIVE=1
  psql "$PG/$DB" -q -v ON_ERROR_STOP=1 -f schema/app.sql >/dev/null
  trap 'psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
  URL="$PG/$DB"
else
  echo "note: PostgreSQL not reachable at $PG: the schema browser is not measured" >&2
  URL=""
fi
cat >sluice.toml <<TOML
dialect = "postgres"
schema = ["schema/*.sql"]
migrations = "migrations"

[env.dev]
url = "$URL"
TOML
mkdir -p migrations
if [ "$LIVE" = 1 ]; then
  printf 'bench password\n' | "$SLUICE" user add bench --role viewer --password-stdin --env dev >/dev/null
fi

# --- measuring -------------------------------------------------------------
start() { # dir port -> pid
  (cd "$1" && exec "$SLUICE" serve --env dev --listen "127.0.0.1:$2" >"$W/serve-$2.log" 2>&1) &
  echo $!
}
login() { # port jar
  local csrf
  for _ in $(seq 50); do curl -s "http://127.0.0.1:$1/login" -c "$2" -o "$W/login.html" && break; sleep 0.1; done
  csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$W/login.html" | head -1 | sed 's/.*value="//;s/"//')
  curl -s -b "$2" -c "$2" -o /dev/null -d "csrf=$csrf&username=bench&password=bench+password" "http://127.0.0.1:$1/login"
}
timing() { # port jar path -> ms (server time), checks 200
  curl -s -b "$2" -D - -o "$W/page.html" "http://127.0.0.1:$1$3" \
    | tr -d '\r' | awk -v p="$3" '/^HTTP/ { if ($2 != 200) { print "status " $2 " for " p > "/dev/stderr"; exit 1 } }
                               tolower($1) == "server-timing:" { sub(/.*dur=/, ""); print }'
}
cpu_ms() { # pid -> CPU time (user + system) of the process so far, ms
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"
}
stats() { # label cold cpu values...
  local label=$1 cold=$2 cpu=$3; shift 3
  printf '%s\n' "$@" | sort -n | awk -v l="$label" -v c="$cold" -v cpu="$cpu" '{ a[NR] = $1 }
    END { m = a[int((NR + 1) / 2)]; p = a[int(NR * 0.9 + 0.5)];
          printf "| %-46s | %8.1f | %8.1f | %8.1f | %8.1f | %5.2f |\n", l, c, m, p, cpu, m / 50 }'
}
measure() { # label port jar path pid
  local cold vals=() before after
  cold=$(timing "$2" "$3" "$4")
  before=$(cpu_ms "$5")
  for _ in $(seq "$RUNS"); do vals+=("$(timing "$2" "$3" "$4")"); done
  after=$(cpu_ms "$5")
  stats "$1" "$cold" "$(awk -v a="$after" -v b="$before" -v n="$RUNS" 'BEGIN { print (a - b) / n }')" "${vals[@]}"
}

J=$W/jar
PID1=$(start "$P1" 18471); PID2=
if [ "$LIVE" = 1 ]; then PID2=$(start "$P2" 18472); fi
trap 'kill $PID1 $PID2 2>/dev/null || true; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
login 18471 "$J.1"
if [ "$LIVE" = 1 ]; then login 18472 "$J.2"; fi
echo
echo "sluice serve, server time per page (ms; Server-Timing), $RUNS warm views; target 50 ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) core(s)"
echo "| page                                           |  cold ms | median ms |  p90 ms | CPU ms/view | median / 50 ms |"
echo "|------------------------------------------------|----------|----------|----------|----------|-------|"
measure "migrations page, $N migrations" 18471 "$J.1" "/" "$PID1"
rows=$(grep -o '<a href="/migrations/' "$W/page.html" | wc -l)
[ "$rows" = "$N" ] || { echo "the migrations page lists $rows migrations, not $N" >&2; exit 1; }
if [ "$LIVE" = 1 ]; then
  measure "schema browser, desired, 1,000 tables" 18472 "$J.2" "/schema?source=desired" "$PID2"
  tables=$(grep -o '<section class="table' "$W/page.html" | wc -l)
  measure "schema browser, live PostgreSQL, 1,000 tables" 18472 "$J.2" "/schema?source=live" "$PID2"
  live=$(grep -o '<section class="table' "$W/page.html" | wc -l)
  echo "(tables shown: desired $tables, live $live)"
fi
