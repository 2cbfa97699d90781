#!/usr/bin/env bash
# Benchmark: `sluice generate` reading a drizzle schema.ts vs `drizzle-kit generate`
# reading the same file (../shared/bench/gen_schema.py, 1,000 tables), side by side
# in one run, as ratios. sluice reading the SQL twin (schema.sql) is printed too.
#
#   bash bench/drizzle.sh
#
# Cases (same preparation for every tool, timed by the shared harness
# bench_time.py: min/median/max of wall, cpu and peak RSS):
#   gen1000  empty -> N=1000 (fresh output folder each run)
#   inc1000  N=1000 -> mutated N=1000 (+1 table, +10 columns, -1 index)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$REPO/../shared/bench}
W=${W:-/tmp/sluice-bench}
RUNS=${RUNS:-5}
SEED=${SEED:-42}
DK_VERSION=0.31.11 ORM_VERSION=0.45.4
TIMER="python3 $SHARED/bench_time.py"

mkdir -p "$W" && cd "$W"
echo "== building sluice (release)" >&2
(cd "$REPO" && cargo build --release --quiet -p sluice-cli)
SLUICE=$REPO/target/release/sluice

if [ ! -x node_modules/.bin/drizzle-kit ]; then
  echo "== npm install drizzle-kit@$DK_VERSION drizzle-orm@$ORM_VERSION" >&2
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-audit --no-fund -E "drizzle-kit@$DK_VERSION" "drizzle-orm@$ORM_VERSION" >/dev/null
fi
DK="node $W/node_modules/drizzle-kit/bin.cjs"

python3 "$SHARED/gen_schema.py" 1000 --seed "$SEED" --out w/n1000 2>/dev/null
python3 "$SHARED/gen_schema.py" 1000 --seed "$SEED" --mutate --out w/n1000m 2>/dev/null

mkproject() { # DIR SCHEMA MIGRATIONS
  mkdir -p "$1"
  printf 'dialect = "postgres"\nschema = ["%s"]\nmigrations = "%s"\n' "$2" "$3" >"$1/sluice.toml"
}
mkproject p/ts-base "$W/w/n1000/schema.ts" "$W/out/ts"
mkproject p/ts-mut "$W/w/n1000m/schema.ts" "$W/out/ts"
mkproject p/sql-base "$W/w/n1000/schema.sql" "$W/out/sql"
mkproject p/sql-mut "$W/w/n1000m/schema.sql" "$W/out/sql"
rm -rf out/ts out/ts-base && $SLUICE --config p/ts-base/sluice.toml generate --name base >/dev/null
cp -r out/ts out/ts-base
rm -rf out/sql out/sql-base && $SLUICE --config p/sql-base/sluice.toml generate --name base >/dev/null
cp -r out/sql out/sql-base
rm -rf out/dk-base && $DK generate --dialect postgresql --schema w/n1000/schema.ts --out out/dk-base >/dev/null

measure() { # NAME PREP CMD
  echo "== $1: $3" >&2
  $TIMER -n "$RUNS" --warmup 1 --timeout 300 -- sh -c "$2 exec $3"
}

declare -A R
R["gen1000 dk"]=$(measure "gen1000 drizzle-kit" "rm -rf out/g1000 &&" \
  "$DK generate --dialect postgresql --schema w/n1000/schema.ts --out out/g1000")
R["gen1000 ts"]=$(measure "gen1000 sluice schema.ts" "rm -rf out/ts &&" \
  "$SLUICE --config p/ts-base/sluice.toml generate --name bench")
R["gen1000 sql"]=$(measure "gen1000 sluice schema.sql" "rm -rf out/sql &&" \
  "$SLUICE --config p/sql-base/sluice.toml generate --name bench")
R["inc1000 dk"]=$(measure "inc1000 drizzle-kit" "rm -rf out/inc1000 && cp -r out/dk-base out/inc1000 &&" \
  "$DK generate --dialect postgresql --schema w/n1000m/schema.ts --out out/inc1000")
R["inc1000 ts"]=$(measure "inc1000 sluice schema.ts" "rm -rf out/ts && cp -r out/ts-base out/ts &&" \
  "$SLUICE --config p/ts-mut/sluice.toml generate --name bench")
R["inc1000 sql"]=$(measure "inc1000 sluice schema.sql" "rm -rf out/sql && cp -r out/sql-base out/sql &&" \
  "$SLUICE --config p/sql-mut/sluice.toml generate --name bench")

# field OUTPUT LINE-NAME COLUMN(min|median|max) from bench_time.py's output
field() { echo "$1" | awk -v n="$2" -v c="$3" '$1==n { for (i=2;i<=NF;i++) if ($i==c) { print $(i+1); exit } }'; }

echo
echo "| case | drizzle-kit (schema.ts) wall s | sluice (schema.ts) wall s | sluice faster by | sluice (schema.sql) wall s | drizzle-kit peak MiB | sluice (schema.ts) peak MiB |"
echo "|---|---|---|---|---|---|---|"
for c in gen1000 inc1000; do
  dw=$(field "${R["$c dk"]}" wall median); tw=$(field "${R["$c ts"]}" wall median)
  sw=$(field "${R["$c sql"]}" wall median)
  dm=$(field "${R["$c dk"]}" peak median); tm=$(field "${R["$c ts"]}" peak median)
  printf '| %s | %s | %s | %.1fx | %s | %s | %s |\n' "$c" "$dw" "$tw" \
    "$(echo "$dw / $tw" | bc -l)" "$sw" "$dm" "$tm"
done
