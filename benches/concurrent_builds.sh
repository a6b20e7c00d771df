#!/bin/sh
# Two `verklaar build` runs at once into one output folder, N times (100 unless given): both must
# succeed, and the output must be complete, byte for byte the output of a build on its own.
# Usage: benches/concurrent_builds.sh [path/to/verklaar] [N]
set -eu
bin=${1:-target/release/verklaar}
n=${2:-100}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$repo/tests/fixtures/valid/content" "$work/content"
cd "$work"
"$bin" build --today 2026-11-21 --out reference >/dev/null 2>&1
reference=$(cd reference && find . -type f | sort | xargs sha256sum | sha256sum)
files=$(cd reference && find . -type f | wc -l)
complete=0
failed=0
start=$(date +%s)
i=0
while [ "$i" -lt "$n" ]; do
    i=$((i + 1))
    "$bin" build --today 2026-11-21 >/dev/null 2>a.err &
    a=$!
    "$bin" build --today 2026-11-21 >/dev/null 2>b.err &
    b=$!
    ok=1
    wait "$a" || ok=0
    wait "$b" || ok=0
    now=$(cd output && find . -type f | sort | xargs sha256sum | sha256sum)
    if [ "$ok" = 1 ] && [ "$now" = "$reference" ]; then
        complete=$((complete + 1))
    else
        failed=$((failed + 1))
        echo "run $i: builds ok=$ok, output complete=$([ "$now" = "$reference" ] && echo yes || echo no)" >&2
        cat a.err b.err >&2
    fi
    leftovers=$(ls -A | grep -v -e '^content$' -e '^output$' -e '^reference$' -e '^a.err$' -e '^b.err$' -e '^.verklaar-cache$' || true)
    if [ -n "$leftovers" ]; then
        echo "run $i: left beside the output: $leftovers" >&2
    fi
done
echo "$complete of $n pairs of concurrent builds left a complete output ($files files each), $failed failed, in $(( $(date +%s) - start )) s"
[ "$failed" = 0 ]
