#!/usr/bin/env bash
# Differential fuzzing against the reference: generate random Lua programs (gen.py SEED),
# run each with vm and lua5.1, and keep the programs whose stdout, stderr or exit code differ
# as fail_SEED.lua. Needs lua5.1 (apt-get install lua5.1) and a release build of vm.
# Usage: tools/difffuzz/run.sh FIRST_SEED LAST_SEED [VM_BINARY]
set -u
here=$(cd "$(dirname "$0")" && pwd)
vm=${3:-$here/../../target/release/vm}
work=$(mktemp -d)
fails=0
for s in $(seq "$1" "$2"); do
  python3 "$here/gen.py" "$s" > "$work/p.lua"
  (cd "$work" && timeout 5 "$vm" p.lua > m.out 2> m.err); mc=$?
  (cd "$work" && timeout 5 lua5.1 p.lua > r.out 2> r.err); rc=$?
  sed -i 's/^lua5.1:/vm:/' "$work/r.err"
  if ! cmp -s "$work/m.out" "$work/r.out" || ! cmp -s "$work/m.err" "$work/r.err" || [ $mc != $rc ]; then
    fails=$((fails + 1))
    cp "$work/p.lua" "fail_$s.lua"
  fi
done
rm -rf "$work"
echo "$fails of $(($2 - $1 + 1)) programs differ"
