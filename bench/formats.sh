#!/usr/bin/env bash
# Speed of reading the formats offices circulate, through the release binary as a clerk's
# import does (`duban extract --json`: decoding, external readers included, and extraction).
#
#   bench/formats.sh [--skip-build] [RUNS]
#
# Documents (made by bench/formats/make.py from text written there, and by
# tests/fixtures/formats/make.py):
#   - a 20-page text PDF typeset with a non-embedded Chinese font (target: ≤ 1 s)
#   - a 200-row 任务分工表 as .xlsx, .docx and a 23-page PDF (target: ≤ 0.5 s)
#   - a 2-page scanned 纪要 and a 2-page scanned 任务分工表, read by OCR (target: ≤ 15 s a
#     page)
# Each is read RUNS times (5; OCR 2); the median and the fastest are reported, and the
# table goes to bench/results/<date>-<host>-formats.md.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
[ "${1:-}" = "--skip-build" ] && { build=0; shift; }
RUNS=${1:-5}
TARGET=${CARGO_TARGET_DIR:-target}
DUBAN=${DUBAN:-$TARGET/release/duban}
[ "$build" -eq 1 ] && cargo build --release --quiet
bash .ci/install-deps >/dev/null

# Prints the median and the fastest of $1 runs of the rest, in seconds; fails if a run does.
time_runs() {
    local runs=$1; shift
    local times=() start end
    for _ in $(seq 1 "$runs"); do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
        m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", m / 1000, t[1] / 1000 }'
}

pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
items() { "$DUBAN" extract --json "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'; }

rows=()
measure() { # label, file, runs, target, per-page(0/1)
    local label=$1 file=$2 runs=$3 target=$4 per_page=$5
    read -r median fastest < <(time_runs "$runs" "$DUBAN" extract --json "$file")
    local n shown="$median s"
    if [ "$per_page" -eq 1 ]; then
        n=$(pages "$file")
        shown="$(awk -v m="$median" -v n="$n" 'BEGIN { printf "%.3f", m / n }') s a page ($n pages)"
    fi
    rows+=("| $label | \`$file\` | $(items "$file") | $median | $fastest | $shown | $target |")
    echo "$label: median ${median} s" >&2
}

measure "text PDF, 20 pages" bench/formats/notice-20-pages.pdf "$RUNS" "≤ 1 s" 0
measure "task table, 200 rows (.xlsx)" bench/formats/task-table-200.xlsx "$RUNS" "≤ 0.5 s" 0
measure "task table, 200 rows (.docx)" bench/formats/task-table-200.docx "$RUNS" "≤ 0.5 s" 0
measure "task table, 200 rows over 23 pages (PDF, rulings read)" bench/formats/task-table-200.pdf "$RUNS" "≤ 0.5 s" 0
measure "scanned 纪要 (OCR)" tests/fixtures/formats/scanned-minutes.pdf 2 "≤ 15 s a page" 1
measure "scanned task table (OCR, rulings found and painted out)" tests/fixtures/formats/allocation-scanned.pdf 2 "≤ 15 s a page" 1

out="bench/results/$(date -u +%Y-%m-%d)-$(hostname -s)-formats.md"
{
    echo "## $(date -u '+%Y-%m-%d %H:%M') UTC on $(hostname -s)"
    echo
    echo "Machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Readers: $(pdftotext -v 2>&1 | head -n1); $(tesseract --version 2>&1 | head -n1)."
    echo "Command: \`bench/formats.sh $*\` at commit \`$(git rev-parse --short HEAD)\`; \`duban extract --json\`, $RUNS runs (OCR 2)."
    echo
    echo "| document | file | items | median s | fastest s | result | target |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
    printf '%s\n' "${rows[@]}"
    echo
} | tee -a "$out"
echo "written to $out" >&2
