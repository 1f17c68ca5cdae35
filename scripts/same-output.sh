#!/usr/bin/env bash
# Checks that two builds of depesche give byte-identical `analyze` output on the
# bundled examples, the reference article, news-dev and the 10kGNAD test file
# (issue: refactors must not change what users get).
#
#   scripts/same-output.sh BASELINE_BIN NEW_BIN        compare two binaries
#   scripts/same-output.sh --save DIR BIN              write BIN's outputs to DIR
#   scripts/same-output.sh --against DIR BIN           compare BIN with outputs saved in DIR
#
# The shared data sets are used when ../shared/data exists beside the repo;
# the bundled examples are always checked. Exit status 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared

# name<TAB>arguments for `depesche analyze`, one input set per line
inputs() {
  printf 'examples\tanalyze examples --format jsonl\n'
  if [ -d "$SHARED/data" ]; then
    printf 'reference\tanalyze %s --date 2025-07-10 --format jsonl\n' "$SHARED/samples/seed-dpa-2025-07-10.txt"
    printf 'news-dev\tanalyze %s --format jsonl\n' "$SHARED/data/news-dev/news-dev.jsonl"
    printf '10kGNAD\tanalyze %s --format jsonl\n' "$SHARED/data/news-de/10kGNAD/test.csv"
  else
    echo "../shared/data not present: only the bundled examples are checked" >&2
  fi
}

save() { # DIR BIN
  mkdir -p "$1"
  inputs | while IFS=$'\t' read -r name args; do
    # shellcheck disable=SC2086
    "$2" $args -j 2 >"$1/$name.jsonl" 2>"$1/$name.stderr" || true
  done
}

compare() { # DIR_A DIR_B
  local bad=0
  inputs | while IFS=$'\t' read -r name _; do
    if cmp -s "$1/$name.jsonl" "$2/$name.jsonl"; then
      printf 'same      %s (%s articles)\n' "$name" "$(wc -l <"$1/$name.jsonl")"
    else
      printf 'DIFFERENT %s\n' "$name"
      diff <(jq -c . "$1/$name.jsonl" 2>/dev/null || cat "$1/$name.jsonl") \
           <(jq -c . "$2/$name.jsonl" 2>/dev/null || cat "$2/$name.jsonl") | head -5 | cut -c1-300
      echo 1 >"$2/.different"
    fi
  done
  [ ! -e "$2/.different" ] || bad=1
  rm -f "$2/.different"
  return $bad
}

case "${1:-}" in
  --save) save "$2" "$3" ;;
  --against)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    save "$tmp" "$3"; compare "$2" "$tmp" ;;
  ""|-h|--help) sed -n '2,11p' "$0"; exit 2 ;;
  *)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    save "$tmp/a" "$1"; save "$tmp/b" "$2"; compare "$tmp/a" "$tmp/b" ;;
esac
