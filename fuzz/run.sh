#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 15), one after the other,
# starting from the checked-in seeds (corpus/TARGET/seed-*) plus whatever
# earlier runs added. Exit non-zero on the first crash; the input that
# crashed is left in artifacts/TARGET/.
#
#   fuzz/run.sh 15          # ~2 minutes of fuzzing once built
#   fuzz/run.sh 300         # a real session
#   fuzz/run.sh 10 smoke    # what CI runs: an unoptimized build without
#                           # sanitizer (~3 minutes from clean instead of
#                           # ~35), each target for 10 s
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
secs="${1:-15}"
case "${2:-full}" in
  smoke) build=(--dev -s none) ;;
  full) build=(-O) ;;
  *) echo "usage: fuzz/run.sh [SECONDS] [full|smoke]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")"
targets=(ddl_postgres ddl_sqlite ddl_mysql snapshot sum_file config)
cargo +nightly fuzz build "${build[@]}"
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    echo "== $t: ${secs}s"
    # -max_len: schema files are small; long inputs only slow the search.
    cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)|ERROR|panicked|SUMMARY" || true
    if [ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]; then
        echo "crash in $t: see fuzz/artifacts/$t" >&2
        exit 1
    fi
done
