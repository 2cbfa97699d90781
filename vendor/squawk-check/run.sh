#!/usr/bin/env bash
# Check that vendor/squawk-syntax and vendor/squawk-parser build exactly the
# trees and report exactly the errors of the published crates: builds this
# program against each pair, runs both on the same SQL files and compares
# each tree (kind and range of every node and token) and every error
# (message, range, order).
#
#   bash vendor/squawk-check/run.sh [MUTANTS]     # default 3000 mutated files
#
# The files: the .sql test files of the squawk crates in the cargo registry,
# every PostgreSQL document of the sqldef conformance suite (../shared), and
# MUTANTS copies of those with characters and tokens deleted, moved, inserted
# or their case swapped, and a file of every keyword in three cases.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MUTANTS=${1:-3000}
W=${W:-/tmp/sluice-squawk-check}
mkdir -p "$W"
cp "$REPO/Cargo.lock" "$HERE/Cargo.lock" # the versions sluice builds with
trap 'rm -f "$HERE/Cargo.lock"' EXIT

cd "$HERE"
cargo build --release --quiet --target-dir "$W/published"
cargo build --release --quiet --target-dir "$W/patched" \
  --config "patch.crates-io.squawk-syntax.path=\"$REPO/vendor/squawk-syntax\"" \
  --config "patch.crates-io.squawk-parser.path=\"$REPO/vendor/squawk-parser\""

python3 - "$W" "$REPO" "$MUTANTS" <<'PY'
import glob, os, random, sys
w, repo, mutants = sys.argv[1], sys.argv[2], int(sys.argv[3])
home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
files = sorted(glob.glob(f"{home}/registry/src/*/squawk-*-2.68.0/**/*.sql", recursive=True))
try:
    import yaml
    out = f"{w}/sqldef"; os.makedirs(out, exist_ok=True)
    for path in sorted(glob.glob(f"{repo}/../shared/conformance/sqldef/psqldef/*.yml")):
        for name, case in (yaml.safe_load(open(path)) or {}).items():
            for key in ("current", "desired", "output"):
                text = case.get(key) if isinstance(case, dict) else None
                if isinstance(text, str) and text.strip():
                    f = f"{out}/{os.path.basename(path)}_{name}_{key}.sql".replace(" ", "_")
                    open(f, "w").write(text); files.append(f)
except ImportError:
    print("PyYAML missing: the sqldef documents are left out", file=sys.stderr)
# Every keyword the published lexer knows, as written in lower, upper and
# mixed case, and near misses (one letter more or less), each as a name.
import re
kinds = glob.glob(f"{home}/registry/src/*/squawk-parser-2.68.0/src/generated/syntax_kind.rs")[0]
words = sorted(set(re.findall(r'eq_ignore_ascii_case\("([a-z_0-9]+)"\)', open(kinds).read())))
f = f"{w}/keywords.sql"
with open(f, "w") as out:
    for kw in words:
        for v in (kw, kw.upper(), kw.title(), kw[:-1], kw + "s", kw + "_"):
            out.write(f"select {v};\ncreate table t ({v} int);\n")
files.append(f)
random.seed(7)
out = f"{w}/mutants"; os.makedirs(out, exist_ok=True)
inserts = ["(", ")", ",", "'", '"', "$$", 'U&"', "UESCAPE '!'", "\\", "DEFAULT", "select", "varchar(1+2)", "function"]
base = [open(f, encoding="utf-8", errors="replace").read() for f in files]
for i in range(mutants):
    t = random.choice(base)
    for _ in range(random.randint(1, 4)):
        if not t: break
        p = random.randrange(len(t)); q = min(len(t), p + random.randint(1, 8)); op = random.random()
        t = t[:p] + t[q:] if op < 0.35 else t[:p] + random.choice(inserts) + t[p:] if op < 0.6 else t[:p] + t[p:q].swapcase() + t[q:] if op < 0.75 else t[:p] + t[q:] + t[p:q]
    f = f"{out}/m{i}.sql"; open(f, "w").write(t); files.append(f)
open(f"{w}/files.txt", "w").write("\n".join(files) + "\n")
PY

xargs "$W/published/release/squawk-check" <"$W/files.txt" >"$W/published.txt"
xargs "$W/patched/release/squawk-check" <"$W/files.txt" >"$W/patched.txt"
files=$(wc -l <"$W/files.txt")
errors=$(grep -vcE $'\t(done|tree .*)$' "$W/published.txt" || true)
if cmp -s "$W/published.txt" "$W/patched.txt"; then
  echo "same trees and errors: $files files, $errors errors, identical trees, messages, ranges and order"
else
  echo "DIFFERENT trees or errors ($files files): diff $W/published.txt $W/patched.txt" >&2
  exit 1
fi
