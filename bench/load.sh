#!/usr/bin/env bash
# Load benchmark of duban at scale, on loopback, against its own Fortunes page as yardstick.
#
#   bench/load.sh [--soak] [--import] [--logins] [--skip-build] [--data DIR] [--keep]
#
# Builds the release binary, starts a private embedded PostgreSQL cluster in a temporary
# data directory, fills it with `duban demo --synthetic` (100,000 items; sizes from ITEMS,
# DOCUMENTS, UNITS, USERS, SEED), serves it (a build with the cargo feature `bench`, which
# has the Fortunes page), logs real users in with
# curl (a unit head and the secretariat, for their session cookies and CSRF tokens) and
# runs wrk against each page for DURATION with CONNECTIONS connections and THREADS threads.
# For each page it prints req/s, p50, p99, errors (socket errors and non-2xx/3xx answers),
# the server's peak RSS so far (VmHWM) and req/s relative to the Fortunes page, run again
# right before each page; the table and the machine go to bench/results/<date>-<host>.md.
#
#   --soak        also run SOAK_CONNECTIONS (256) connections for SOAK_DURATION (60s) on
#                 SOAK_PAGE (/my) and report its errors
#   --import      also time importing 1,000 varied documents (bench/import.sh)
#   --logins      also send LOGIN_CONNECTIONS (150) concurrent hostile logins for
#                 LOGIN_SECS (20) seconds (bench/logins.lua: wrong passwords, unknown and
#                 over-long names, 100 KB passwords, each from another forwarded address so
#                 that the address throttle does not stop them), while 8 connections read
#                 /my; reports the logins' answers, /my's rate and p99 meanwhile, and the
#                 server's RSS (sampled) during the attack
#
# Every request asks for ACCEPT_ENCODING ("br, gzip", what browsers send; "identity" for
# uncompressed), Fortunes' too. PAGES (e.g. "my,dashboard") limits the pages run, ROUNDS
# repeats the Fortunes-then-page alternation (the medians of rounds are what to report on a
# shared machine).
#   --skip-build  use the existing release binary
#   --data DIR    use DIR as data directory; synthetic data is generated only when DIR has
#                 none yet, so a second run skips the generation (progress reports posted by
#                 earlier runs stay)
#   --keep        keep the temporary data directory
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND="bench/load.sh $*"

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
TIMEOUT=${TIMEOUT:-5s}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-256}
SOAK_DURATION=${SOAK_DURATION:-60s}
SOAK_PAGE=${SOAK_PAGE:-/my}
ITEMS=${ITEMS:-100000}
DOCUMENTS=${DOCUMENTS:-2000}
UNITS=${UNITS:-60}
USERS=${USERS:-500}
SEED=${SEED:-1}
PORT=${PORT:-18080}
PASSWORD=duban-bench
ACCEPT_ENCODING=${ACCEPT_ENCODING:-br, gzip}
PAGES=${PAGES:-my,dashboard,ledger,search,item}
ROUNDS=${ROUNDS:-1}
LOGIN_CONNECTIONS=${LOGIN_CONNECTIONS:-150}
LOGIN_SECS=${LOGIN_SECS:-20}

soak=0 import=0 logins=0 build=1 data="" keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --soak) soak=1 ;;
        --import) import=1 ;;
        --logins) logins=1 ;;
        --skip-build) build=0 ;;
        --data) data="$2"; keep=1; shift ;;
        --keep) keep=1 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

need() { command -v "$1" >/dev/null || install_pkg "$2"; }
install_pkg() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing $1" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$1" >/dev/null \
        || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$1" >/dev/null; }
}
need wrk wrk
need curl curl
need python3 python3

TARGET=${CARGO_TARGET_DIR:-target}
DUBAN=${DUBAN:-$TARGET/release/duban}
if [ "$build" -eq 1 ]; then
    cargo build --release --quiet --features bench
fi

if [ -z "$data" ]; then
    data=$(mktemp -d /tmp/duban-bench.XXXXXX)
fi
mkdir -p "$data"
# As root the cluster runs as `postgres`, which must be able to enter the directory.
chmod 755 "$data"
export DUBAN_DATA_DIR="$data" RUST_LOG=${RUST_LOG:-warn}
unset DATABASE_URL

server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "$keep" -eq 0 ]; then rm -rf "$data"; else echo "data kept in $data" >&2; fi
}
trap cleanup EXIT

summary="$data/synthetic.txt"
if [ ! -s "$summary" ]; then
    echo "generating synthetic data ($ITEMS items) in $data ..." >&2
    generate=(demo --synthetic --items "$ITEMS" --documents "$DOCUMENTS" --units "$UNITS"
        --users "$USERS" --seed "$SEED")
    echo "duban ${generate[*]}" >"$data/synthetic.cmd"
    "$DUBAN" "${generate[@]}" | tee "$summary" >&2
fi
generate_cmd=$(cat "$data/synthetic.cmd" 2>/dev/null || echo "duban demo --synthetic")
head_login=$(sed -n 's/^busiest unit head: \([^ ]*\).*/\1/p' "$summary")
secretariat=$(sed -n 's/.*secretariat: \([^ ]*\).*/\1/p' "$summary")
generated=$(sed -n 's/^generated .* in \([0-9.]* s\).*/\1/p' "$summary")

DUBAN_TRUSTED_PROXIES=127.0.0.1 "$DUBAN" serve --bind "127.0.0.1:$PORT" >"$data/serve.log" 2>&1 &
server_pid=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$data/serve.log" >&2; exit 1; }
    sleep 0.1
done

# Logs $1 in; prints "cookie-header<TAB>csrf-token".
login() {
    local jar token cookie
    jar=$(mktemp)
    token=$(curl -fs -c "$jar" -b "$jar" "$BASE/login" | csrf_of)
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$token" \
        --data-urlencode "login=$1" --data-urlencode "password=$PASSWORD" "$BASE/login"
    # curl writes HttpOnly cookies as comment lines with a #HttpOnly_ prefix.
    cookie=$(awk -F'\t' '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
    rm -f "$jar"
    token=$(curl -fs -H "Cookie: $cookie" "$BASE/" | csrf_of)
    [ -n "$token" ] || { echo "logging in as $1 failed" >&2; exit 1; }
    printf '%s\t%s\n' "$cookie" "$token"
}
csrf_of() { grep -o 'name="csrf_token" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }

IFS=$'\t' read -r head_cookie head_csrf < <(login "$head_login")
IFS=$'\t' read -r sec_cookie _ < <(login "$secretariat")

# Open items of the head's unit, on whose pages the progress form is offered: twenty to
# post progress reports to, and one more for the item page that no run has posted to (a
# rerun on kept data lists the items in another order, and an item with a thousand
# benchmark reports (notes with 压力测试) is not the page a head usually opens).
open_items=() item=""
for id in $(curl -fs -H "Cookie: $head_cookie" "$BASE/my" | grep -o 'href="/items/[0-9]*"' \
        | grep -o '[0-9]*' | awk '!seen[$0]++' | head -n 200); do
    page=$(curl -fs -H "Cookie: $head_cookie" "$BASE/items/$id")
    grep -q "action=\"/items/$id/progress" <<<"$page" || continue
    if [ -z "$item" ] && ! grep -q "压力测试" <<<"$page"; then
        item=$id
    elif [ "${#open_items[@]}" -lt 20 ]; then
        open_items+=("$id")
    fi
    [ -n "$item" ] && [ "${#open_items[@]}" -ge 20 ] && break
done
[ -n "$item" ] && [ "${#open_items[@]}" -gt 0 ] || { echo "no open items found for $head_login" >&2; exit 1; }
search_q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("新校区"))')

rss_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status"; }

# Runs wrk; prints "req/s p50 p99 errors KB-per-response" (latencies in ms).
run_wrk() {
    local out
    out=$(wrk --latency --timeout "$TIMEOUT" -H "Accept-Encoding: $ACCEPT_ENCODING" "$@")
    echo "$out" >>"$data/wrk.log"
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v
        }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx/ { errors += $5 }
        /^Requests\/sec/ { rps = $2 }
        /^Transfer\/sec/ {
            v = $2; f = 1
            if (v ~ /KB$/) f = 1; else if (v ~ /MB$/) f = 1024; else if (v ~ /GB$/) f = 1048576; else f = 1 / 1024
            sub(/[KMG]?B$/, "", v); kbps = v * f
        }
        END { printf "%.0f %.2f %.2f %d %.1f\n", rps, p50, p99, errors, (rps > 0 ? kbps / rps : 0) }
    ' <<<"$out"
}

# name, expected status, cookie, path (GET) — the status is checked with curl first, since
# wrk counts a redirect to the login page as a success.
pages=(
    "my (unit head)|200|$head_cookie|/my"
    "dashboard (secretariat)|200|$sec_cookie|/dashboard"
    "ledger ?status=assigned|200|$sec_cookie|/ledger?status=assigned"
    "search 新校区|200|$sec_cookie|/search?q=$search_q"
    "item page|200|$head_cookie|/items/$item"
)
wanted=()
for page in "${pages[@]}"; do
    key=${page%% *}; key=${key%%|*}
    [[ ",$PAGES," == *",$key,"* ]] && wanted+=("$page")
done
pages=()
for _ in $(seq 1 "$ROUNDS"); do pages+=("${wanted[@]}"); done

# Lets the server finish what the previous run queued, so that runs do not overlap.
settle() {
    sleep 2
    for _ in $(seq 1 100); do
        curl -fs -m 1 "$BASE/healthz" >/dev/null 2>&1 && return
        sleep 0.3
    done
}

# The yardstick is run again right before each page and the page's ratio taken to that
# run: the machine's other tenants move every rate by 10–20% over minutes, and a ratio to
# one Fortunes run at the start carried that drift into every later page.
# Prints "req/s p50 p99 errors KB" of the Fortunes page.
fortunes() {
    settle
    run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$BASE/bench/fortunes"
}

# Each row: name|request|status|expected status|req/s|p50|p99|errors|peak RSS kB|yardstick req/s|KB per response
rows=()
for page in "${pages[@]}"; do
    IFS='|' read -r name expected cookie path <<<"$page"
    echo "running fortunes, then $name ..." >&2
    read -r f_rps f_p50 f_p99 f_errors f_kb < <(fortunes)
    rows+=("fortunes (yardstick)|GET /bench/fortunes|200|200|$f_rps|$f_p50|$f_p99|$f_errors|$(rss_kb)|$f_rps|$f_kb")
    settle
    status=$(curl -s -o /dev/null -w '%{http_code}' ${cookie:+-H "Cookie: $cookie"} "$BASE$path")
    read -r rps p50 p99 errors kb < <(run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
        ${cookie:+-H "Cookie: $cookie"} "$BASE$path")
    rows+=("$name|GET $path|$status|$expected|$rps|$p50|$p99|$errors|$(rss_kb)|$f_rps|$kb")
done

echo "running fortunes, then the progress report POST ..." >&2
read -r f_rps f_p50 f_p99 f_errors f_kb < <(fortunes)
rows+=("fortunes (yardstick)|GET /bench/fortunes|200|200|$f_rps|$f_p50|$f_p99|$f_errors|$(rss_kb)|$f_rps|$f_kb")
settle
post_status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $head_cookie" \
    -H "X-CSRF-Token: $head_csrf" -F "note=压力测试前的检查。" \
    "$BASE/items/${open_items[0]}/progress")
DUBAN_COOKIE=$head_cookie DUBAN_CSRF=$head_csrf DUBAN_ITEMS=$(IFS=,; echo "${open_items[*]}")
export DUBAN_COOKIE DUBAN_CSRF DUBAN_ITEMS
read -r rps p50 p99 errors kb < <(run_wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" \
    -s bench/progress.lua "$BASE")
rows+=("progress report|POST /items/{${#open_items[@]} open items}/progress|$post_status|303|$rps|$p50|$p99|$errors|$(rss_kb)|$f_rps|$kb")

soak_line=""
if [ "$soak" -eq 1 ]; then
    echo "running $SOAK_CONNECTIONS connections for $SOAK_DURATION on $SOAK_PAGE ..." >&2
    soak_cookie=$head_cookie
    settle
    read -r rps p50 p99 errors _ < <(run_wrk -t"$THREADS" -c"$SOAK_CONNECTIONS" -d"$SOAK_DURATION" \
        -H "Cookie: $soak_cookie" "$BASE$SOAK_PAGE")
    soak_line="| $SOAK_PAGE, $SOAK_CONNECTIONS connections, $SOAK_DURATION | $rps | $p50 | $p99 | $errors | $(( $(rss_kb) / 1024 )) |"
fi

# Hostile logins: the attack runs in the background while 8 connections read /my, and the
# server's resident set is sampled every 0.2 s (VmHWM holds the soak's or earlier peaks).
logins_line=""
if [ "$logins" -eq 1 ]; then
    echo "running $LOGIN_CONNECTIONS hostile logins for ${LOGIN_SECS}s, 8 connections on /my ..." >&2
    settle
    wrk -t1 -c"$LOGIN_CONNECTIONS" -d"${LOGIN_SECS}s" --timeout 10s -s bench/logins.lua \
        "$BASE" >"$data/logins.log" 2>&1 &
    attack=$!
    ( peak=0; while kill -0 "$attack" 2>/dev/null; do
          now=$(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"); [ "$now" -gt "$peak" ] && peak=$now
          echo "$peak" >"$data/logins.rss"; sleep 0.2
      done ) &
    sampler=$!
    sleep 2
    read -r v_rps v_p50 v_p99 v_errors _ < <(run_wrk -t1 -c8 -d"$((LOGIN_SECS - 4))s" \
        -H "Cookie: $head_cookie" "$BASE/my")
    wait "$attack" || true
    wait "$sampler" || true
    answers=$(sed -n 's/^statuses: //p' "$data/logins.log")
    l_rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$data/logins.log")
    logins_line="| $LOGIN_CONNECTIONS hostile logins, ${LOGIN_SECS}s | $l_rps | $answers | $v_rps | $v_p99 | $v_errors | $(( $(cat "$data/logins.rss") / 1024 )) |"
fi

import_line=""
if [ "$import" -eq 1 ]; then
    import_line=$(bench/import.sh "$DUBAN" "$data" | tail -n1)
fi

# The report.
host=$(hostname -s)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
pg=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
pg_version=$("$pg/postgres" --version 2>/dev/null || echo unknown)
wrk_version=$( (wrk -v 2>&1 || true) | head -n1 | awk '{ print $1, $2 }')
# With --skip-build the binary may be older than the tree; the commit is still the best
# record of what ran.
tree=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- src templates migrations Cargo.toml 2>/dev/null || tree="$tree with uncommitted changes"
report=$(
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') on $host"
    echo
    echo "Machine: $(nproc) cores ($cpu), $mem RAM, Linux $(uname -r); $pg_version; $wrk_version."
    echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)."
    echo "wrk on the same cores as duban and PostgreSQL: $THREADS threads, $CONNECTIONS connections, $DURATION per page, timeout $TIMEOUT."
    echo "Data: \`$generate_cmd\`${generated:+ (generated in $generated)};"
    echo "unit head \`$head_login\` (the busiest unit), secretariat \`$secretariat\`; pool of ${DUBAN_DB_MAX_CONNECTIONS:-10} connections."
    echo
    echo "Command: \`$COMMAND\`, in a tree at commit \`$tree\`."
    echo
    echo "Each page runs right after a run of the Fortunes page, and its ratio is to that run."
    echo
    echo "Accept-Encoding: \`$ACCEPT_ENCODING\` on every request."
    echo
    echo "| page | request | status | req/s | p50 ms | p99 ms | errors | peak RSS MB | KB/response | × Fortunes |"
    echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for row in "${rows[@]}"; do
        IFS='|' read -r name req status expected rps p50 p99 errors rss yardstick kb <<<"$row"
        # A page that does not answer as it should has no meaningful ratio.
        ratio=$(awk -v a="$rps" -v b="$yardstick" -v ok="$([ "$status" = "$expected" ] && echo 1)" \
            'BEGIN { if (b > 0 && ok) printf "%.3f", a / b; else print "—" }')
        echo "| $name | \`$req\` | $status | $rps | $p50 | $p99 | $errors | $((rss / 1024)) | $kb | $ratio |"
    done
    if [ -n "$soak_line" ]; then
        echo
        echo "| soak | req/s | p50 ms | p99 ms | errors | peak RSS MB |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: |"
        echo "$soak_line"
    fi
    if [ -n "$logins_line" ]; then
        echo
        echo "| attack | login answers/s | answers by status | /my req/s meanwhile | /my p99 ms | /my errors | max RSS MB during |"
        echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
        echo "$logins_line"
    fi
    if [ -n "$import_line" ]; then
        echo
        echo "$import_line"
    fi
)
echo "$report"
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-$host.md"
{ [ -s "$out" ] && echo; echo "$report"; } >>"$out"
echo "written to $out" >&2
