#!/usr/bin/env bash
# Times `duban import` of 1,000 documents: the five real samples of tests/corpus/seeds,
# each copied 200 times with its dates and numbers varied (so every copy has other bytes,
# hence another SHA-256, and is imported rather than found as a duplicate).
#
#   bench/import.sh [DUBAN-BINARY [DATA-DIR]]
#
# Without a data directory a fresh one is used (and removed); with one, documents go into
# its database (bench/load.sh passes the synthetic one, with `duban serve` running on it).
set -euo pipefail
cd "$(dirname "$0")/.."
DUBAN=${1:-${CARGO_TARGET_DIR:-target}/release/duban}
data=${2:-}
COUNT=${COUNT:-1000}
[ -x "$DUBAN" ] || cargo build --release --quiet
cleanup_data=0
if [ -z "$data" ]; then
    data=$(mktemp -d /tmp/duban-import.XXXXXX)
    chmod 755 "$data"
    cleanup_data=1
fi
docs=$(mktemp -d /tmp/duban-import-docs.XXXXXX)
trap 'rm -rf "$docs"; [ "$cleanup_data" -eq 0 ] || rm -rf "$data"' EXIT

# A batch mark in every copy, so that a rerun into the same database imports new
# documents instead of finding them all already imported.
batch=$(date +%s)
python3 - "$docs" "$COUNT" "$batch" tests/corpus/seeds/*.txt <<'PY'
import re, sys
out, count, batch, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
texts = [open(s, encoding="utf-8").read() for s in seeds]
for n in range(count):
    seed = n % len(texts)
    k = n // len(texts)
    # Copy k of a seed: years, months and days shifted by amounts derived from k, and the
    # copy number in the first line, so no two copies share their bytes.
    def month(m):
        return f"{(int(m.group(1)) - 1 + k) % 12 + 1}月"
    def day(m):
        return f"{(int(m.group(1)) - 1 + k * 7) % 28 + 1}日"
    def year(m):
        return f"{2018 + (int(m.group(1)) + k) % 9}年"
    text = re.sub(r"(20\d\d)年", year, texts[seed])
    text = re.sub(r"(\d{1,2})月", month, text)
    text = re.sub(r"(\d{1,2})日", day, text)
    lines = text.split("\n", 1)
    text = lines[0] + f"（第{k + 1}份，批次{batch}）\n" + (lines[1] if len(lines) > 1 else "")
    with open(f"{out}/{n:04d}_{seed}.txt", "w", encoding="utf-8") as f:
        f.write(text)
PY
bytes=$(cat "$docs"/*.txt | wc -c)
start=$(date +%s.%N)
"$DUBAN" --data-dir "$data" import "$docs"/*.txt >"$docs/import.log"
end=$(date +%s.%N)
imported=$(grep -c ": imported as document" "$docs/import.log" || true)
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
items=$(awk '/: imported as document/ { s += $(NF - 2) } END { print s + 0 }' "$docs/import.log")
echo "Import: $imported of $COUNT documents ($((bytes / 1024)) KiB, $items draft items) in $seconds s with \`duban import\` (one process, one transaction per document)."
