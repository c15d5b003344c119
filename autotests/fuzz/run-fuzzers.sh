#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time each.
#   run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]     (TARGET e.g. serpent or fuzz_serpent)
# Seeds are regenerated from the golden vectors into BUILD_DIR/fuzz/seeds on every run; the
# growing corpus stays in BUILD_DIR/fuzz/corpus, so repeated runs add up. Any crash, timeout,
# leak or out-of-memory input is copied to autotests/data/fuzz/<target>/, where
# tst_pyrofuzzregressions replays it in every test run. Exit status 1 if anything was found.
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 BUILD_DIR [SECONDS] [TARGET...]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))

all_targets=(messagereader serpent json marshal msgpack uri)
targets=()
for t in "${@:-${all_targets[@]}}"; do
    targets+=("${t#fuzz_}")
done

vectors=$root/autotests/data/pyro5/vectors
findings=$root/autotests/data/fuzz
work=$build/fuzz
bindir=$build/bin/fuzz
mkdir -p "$work"

log() { printf '%s\n' "fuzz: $*" >&2; }

# Seed corpora from the golden vectors. A seed of the message reader starts with its
# control byte (see PyroFuzz::messageReader): 0x00 feeds the stream whole, 0x47 in pieces
# of up to 28 bytes through a QIODevice.
make_seeds() {
    local target=$1 dir=$work/seeds/$1
    rm -rf "$dir"
    mkdir -p "$dir"
    case "$target" in
        messagereader)
            local f n=0
            while IFS= read -r -d '' f; do
                n=$((n + 1))
                { printf '\000'; cat "$f"; } > "$dir/whole-$n"
                { printf '\107'; cat "$f"; } > "$dir/pieces-$n"
            done < <(find "$vectors/messages" "$vectors/transcripts" -name '*.bin' -size -64k -print0)
            ;;
        serpent|json|marshal|msgpack)
            find "$vectors/values/$target" -name '*.bin' -size -64k -exec cp -t "$dir" {} +
            ;;
        uri)
            if command -v python3 >/dev/null; then
                python3 - "$vectors/uris.json" "$dir" <<'PY'
import json, sys, os
for i, case in enumerate(json.load(open(sys.argv[1]))["cases"]):
    with open(os.path.join(sys.argv[2], "uri-%02d" % i), "wb") as f:
        f.write(case["input"].encode("utf-8", "surrogatepass"))
PY
            else # without python the JSON escapes stay as they are: still fine as seeds
                local line n=0
                grep '"input":' "$vectors/uris.json" | sed 's/^ *"input": "\(.*\)",\?$/\1/' |
                    while IFS= read -r line; do
                        n=$((n + 1))
                        printf '%s' "$line" > "$dir/uri-$n"
                    done
            fi
            ;;
    esac
}

# Adds up "stat::number_of_executed_units" over the job logs of one run.
executions_in() {
    grep -ho 'stat::number_of_executed_units: [0-9]*' "$@" 2>/dev/null |
        awk '{ n += $2 } END { print n + 0 }'
}

found_any=0
summary=()
for target in "${targets[@]}"; do
    bin=$bindir/fuzz_$target
    if [ ! -x "$bin" ]; then
        log "no fuzzer $bin (build with -DQTPYRO_FUZZ=ON)"
        exit 2
    fi
    make_seeds "$target"
    corpus=$work/corpus/$target
    artifacts=$work/artifacts/$target
    logs=$work/logs/$target
    mkdir -p "$corpus" "$artifacts" "$logs"
    dict=()
    [ -f "$here/dictionaries/$target.dict" ] && dict=(-dict="$here/dictionaries/$target.dict")

    # A finding ends a libFuzzer job; go on with the time left (a few times at most, so
    # one crash found over and over cannot eat the budget).
    start=$(date +%s)
    runs=0
    result=clean
    for attempt in 1 2 3 4 5; do
        left=$(( seconds - ($(date +%s) - start) ))
        [ "$left" -gt 0 ] || break
        rm -f "$logs"/fuzz-*.log
        log "$target: $left s (attempt $attempt)"
        status=0
        ( cd "$logs" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            "$bin" -max_total_time="$left" -rss_limit_mb=2048 -timeout=10 -jobs=1 -workers=1 \
                -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" \
                "$corpus" "$work/seeds/$target" ) >"$logs/driver.log" 2>&1 || status=$?
        runs=$(( runs + $(executions_in "$logs"/fuzz-*.log) ))
        cat "$logs"/fuzz-*.log >> "$logs/all.log" 2>/dev/null || true
        [ "$status" -eq 0 ] && break
        result=finding
        log "$target: finding (exit $status), see $logs/all.log"
    done
    elapsed=$(( $(date +%s) - start ))

    # Keep every failing input for the regression test (libFuzzer names them by content).
    new=0
    for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*; do
        [ -f "$f" ] || continue
        mkdir -p "$findings/$target"
        if [ ! -f "$findings/$target/$(basename "$f")" ]; then
            cp "$f" "$findings/$target/"
            new=$((new + 1))
        fi
    done
    [ "$result" = finding ] && found_any=1
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$elapsed" "$runs" "$result" >> "$work/history.tsv"
    summary+=("$(printf '%-14s %8s s %12s execs  %s%s' "$target" "$elapsed" "$runs" "$result" \
        "$([ "$new" -gt 0 ] && echo " ($new new input(s) in autotests/data/fuzz/$target)")")")
done

log "summary (this run):"
printf '  %s\n' "${summary[@]}" >&2
log "totals over all runs in $work (seconds, executions):"
awk -F'\t' '{ s[$2] += $3; n[$2] += $4 } END { for (t in s) printf "  %-14s %8d s %12d execs\n", t, s[t], n[t] }' \
    "$work/history.tsv" | sort >&2
exit "$found_any"
