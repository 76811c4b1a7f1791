#!/bin/bash
# Build the seeds, the demo and Timeline17's H1N1_bbc with the code at REV and with the working
# tree, and compare every output file byte for byte (the store, storyline.sqlite, is left out:
# its cache keys digest the code). Usage: benchmarks/refactor/same_outputs.sh REV [OUT]
set -u
REV=${1:?revision}; OUT=${2:-/tmp/same-outputs}
ROOT=$(cd "$(dirname "$0")/../.." && pwd); PY=$ROOT/.venv/bin/python; SHARED=$ROOT/../shared
rm -rf "$OUT"; mkdir -p "$OUT"; git -C "$ROOT" worktree add -f -q "$OUT/rev" "$REV"
build() {  # SRC NAME INPUT
  PYTHONPATH=$1 "$PY" -c "import sys; from storyline.cli import main; sys.argv[0]='storyline'; main()" \
    build "$3" -o "$OUT/$4/$2" -q --no-store >/dev/null 2>&1
}
status=0
for pair in "seeds $SHARED/samples/seeds" "demo $ROOT/examples/demo" "h1n1 $SHARED/data/t17/H1N1_bbc"; do
  set -- $pair
  build "$OUT/rev/src" "$1" "$2" before; build "$ROOT/src" "$1" "$2" after
  n=$(cd "$OUT/before/$1" && find . -type f | wc -l)
  if diff -rq "$OUT/before/$1" "$OUT/after/$1" >/dev/null; then echo "$1: $n files, all identical"
  else echo "$1: differ:"; diff -rq "$OUT/before/$1" "$OUT/after/$1" | head; status=1; fi
done
git -C "$ROOT" worktree remove --force "$OUT/rev"
exit $status
