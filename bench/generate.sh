#!/usr/bin/env bash
# Benchmark: `sluice generate` vs `drizzle-kit generate` on the same 1,000-table
# schema (../shared/bench/gen_schema.py), side by side in one run, as ratios.
#
#   bash bench/generate.sh            # N=1000: empty -> schema, and incremental (--mutate)
#   SCALE="1000 2000 5000 10000" bash bench/generate.sh   # also sluice's growth curve
#
# Cases (the same preparation for both tools, timed by the shared harness
# bench_time.py: min/median/max of wall, cpu and peak RSS):
#   gen1000  empty -> N=1000 (fresh output folder each run)
#   inc1000  N=1000 -> mutated N=1000 (+1 table, +10 columns, -1 index)
# drizzle-kit reads schema.ts; sluice reads schema.sql; gen_schema.py writes both from
# one model, so both describe the same catalog.
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
(cd "$REPO" && cargo build --release --quiet)
SLUICE=$REPO/target/release/sluice

if [ ! -x node_modules/.bin/drizzle-kit ]; then
  echo "== npm install drizzle-kit@$DK_VERSION drizzle-orm@$ORM_VERSION" >&2
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-audit --no-fund "drizzle-kit@$DK_VERSION" "drizzle-orm@$ORM_VERSION" >/dev/null
fi
DK="node $W/node_modules/drizzle-kit/bin.cjs"

python3 "$SHARED/gen_schema.py" 1000 --seed "$SEED" --out w/n1000
python3 "$SHARED/gen_schema.py" 1000 --seed "$SEED" --mutate --out w/n1000m

# sluice projects: one reading the base schema, one the mutated schema; both write
# migrations to out/ours.
mkproject() { # DIR SQL
  mkdir -p "$1"
  printf 'dialect = "postgres"\nschema = ["%s"]\nmigrations = "%s"\n' "$2" "$W/out/ours" >"$1/sluice.toml"
}
mkproject p/base "$W/w/n1000/schema.sql"
mkproject p/mut "$W/w/n1000m/schema.sql"
rm -rf out/ours out/ours-base && $SLUICE --config p/base/sluice.toml generate --name base >/dev/null
cp -r out/ours out/ours-base
rm -rf out/dk-base && $DK generate --dialect postgresql --schema w/n1000/schema.ts --out out/dk-base >/dev/null

measure() { # NAME PREP CMD
  echo "== $1: $3" >&2
  $TIMER -n "$RUNS" --warmup 1 --timeout 300 -- sh -c "$2 exec $3"
}

declare -A R
run_case() { # CASE DK_PREP DK_CMD OUR_PREP OUR_CMD
  R["$1 dk"]=$(measure "$1 drizzle-kit" "$2" "$3")
  R["$1 ours"]=$(measure "$1 sluice" "$4" "$5")
}

run_case gen1000 \
  "rm -rf out/g1000 &&" "$DK generate --dialect postgresql --schema w/n1000/schema.ts --out out/g1000" \
  "rm -rf out/ours &&" "$SLUICE --config p/base/sluice.toml generate --name bench"
run_case inc1000 \
  "rm -rf out/inc1000 && cp -r out/dk-base out/inc1000 &&" "$DK generate --dialect postgresql --schema w/n1000m/schema.ts --out out/inc1000" \
  "rm -rf out/ours && cp -r out/ours-base out/ours &&" "$SLUICE --config p/mut/sluice.toml generate --name bench"

# field VALUE-LINE-NAME COLUMN(min|median|max) from bench_time.py's output
field() { echo "$1" | awk -v n="$2" -v c="$3" '$1==n { for (i=2;i<=NF;i++) if ($i==c) { print $(i+1); exit } }'; }

echo
echo "| case | drizzle-kit wall s | sluice wall s | wall ratio | drizzle-kit peak MiB | sluice peak MiB | peak ratio |"
echo "|---|---|---|---|---|---|---|"
for c in gen1000 inc1000; do
  dw=$(field "${R["$c dk"]}" wall median); ow=$(field "${R["$c ours"]}" wall median)
  dm=$(field "${R["$c dk"]}" peak median); om=$(field "${R["$c ours"]}" peak median)
  printf '| %s | %s | %s | %.1fx | %s | %s | %.1fx |\n' "$c" "$dw" "$ow" \
    "$(echo "$dw / $ow" | bc -l)" "$dm" "$om" "$(echo "$dm / $om" | bc -l)"
done

# Growth: sluice generate from empty at larger N (drizzle-kit is not run here).
if [ -n "${SCALE:-}" ]; then
  echo
  echo "| tables | sluice wall s (median) | peak MiB |"
  echo "|---|---|---|"
  for n in $SCALE; do
    python3 "$SHARED/gen_schema.py" "$n" --seed "$SEED" --out "w/s$n" >/dev/null
    mkdir -p "p/s$n"
    printf 'dialect = "postgres"\nschema = ["%s"]\nmigrations = "%s"\n' "$W/w/s$n/schema.sql" "$W/out/s$n" >"p/s$n/sluice.toml"
    out=$(measure "scale $n" "rm -rf out/s$n &&" "$SLUICE --config p/s$n/sluice.toml generate --name bench")
    printf '| %s | %s | %s |\n' "$n" "$(field "$out" wall median)" "$(field "$out" peak median)"
  done
fi
