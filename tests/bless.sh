#!/bin/sh
# Regenerate expected outputs for the Lua conformance tests from the
# reference implementation (lua5.1).
#
# Usage: tests/bless.sh [FILTER]
#   FILTER: optional substring; only tests whose path contains it are blessed.
#
# For each tests/lua/<area>/<name>.lua, runs `lua5.1 <name>.lua` with the
# test's directory as cwd (so chunk names in messages read `<name>.lua:N:`)
# (plus the whitespace-separated arguments in <name>.args, if present)
# with stdin redirected from /dev/null (as the harness runs tests), and writes:
#   <name>.out   stdout (always)
#   <name>.err   stderr, with a leading `lua5.1: ` on any line rewritten to
#                `vm: ` (only if stderr is non-empty or exit code is non-zero)
#   <name>.code  exit code in decimal (only if stderr is non-empty or exit
#                code is non-zero)
set -eu

LUA=${LUA:-lua5.1}
ROOT=$(cd "$(dirname "$0")" && pwd)/lua
FILTER=${1:-}

command -v "$LUA" >/dev/null 2>&1 || { echo "bless.sh: $LUA not found" >&2; exit 1; }

find "$ROOT" -name '_*' -prune -o -name '*.lua' -print | LC_ALL=C sort | while IFS= read -r file; do
    rel=${file#"$ROOT"/}
    case "$rel" in
        *"$FILTER"*) ;;
        *) continue ;;
    esac
    dir=$(dirname "$file")
    base=$(basename "$file" .lua)
    # A test whose expectation deliberately differs from lua5.1 (a documented extension)
    # carries a <name>.manual file explaining why; its .out is written by hand.
    if [ -f "$dir/$base.manual" ]; then
        echo "skipped $rel (hand-written expectation, see $base.manual)"
        continue
    fi
    tmp_err=$(mktemp)
    set +e
    args=""
    if [ -f "$dir/$base.args" ]; then args=$(cat "$dir/$base.args"); fi
    # $args is deliberately unquoted: it is split on whitespace.
    # shellcheck disable=SC2086
    (cd "$dir" && "$LUA" "$base.lua" $args </dev/null >"$base.out" 2>"$tmp_err")
    code=$?
    set -e
    if [ "$code" -ne 0 ] || [ -s "$tmp_err" ]; then
        # lua prints its program name (argv[0]) before messages; map it to `vm: `.
        awk -v p="$LUA: " '{ if (index($0, p) == 1) $0 = "vm: " substr($0, length(p) + 1); print }' \
            "$tmp_err" >"$dir/$base.err"
        echo "$code" >"$dir/$base.code"
    else
        rm -f "$dir/$base.err" "$dir/$base.code"
    fi
    rm -f "$tmp_err"
    echo "blessed $rel (exit $code)"
done
