#!/usr/bin/env bash
# A/B of whole builds on the same 1,000,000 rows: `spm predict` and `spm ingest`, the builds taking
# turns run by run (so a change of machine load hits each alike). Each build trains its own model
# on data/students.csv first; predict outputs are compared byte for byte.
# Usage: bash bench/ab-builds.sh NAME=DIR [NAME=DIR ...]   (DIR: a checkout with dist/ built)
# Benchmark as a user's machine runs: env -u NODE_EXTRA_CA_CERTS bash bench/ab-builds.sh ...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
node "$here/bin/spm.js" synth -o "$D/big.csv" --rows "${ROWS:-1000000}" --seed 7 -q
names=()
for pair in "$@"; do
  name=${pair%%=*}; dir=${pair#*=}; names+=("$name")
  mkdir -p "$D/$name/data"; cp "$here/params.yaml" "$D/$name/"; cp "$here/data/students.csv" "$D/$name/data/"
  (cd "$D/$name" && node "$dir/bin/spm.js" run -q >/dev/null 2>&1 || true)
  eval "bin_$name=$dir/bin/spm.js"
done
time_of() { { /usr/bin/time -f "%e s %M KB" "$@" >/dev/null; } 2>&1 | tail -1; }
for i in $(seq "${RUNS:-5}"); do for n in "${names[@]}"; do b=bin_$n; echo "predict $n $(cd "$D/$n" && time_of node "${!b}" predict -i "$D/big.csv" -o "$D/out-$n.csv" -q)"; done; done
for i in $(seq "${RUNS:-5}"); do for n in "${names[@]}"; do b=bin_$n; rm -rf "$D/store-$n"; echo "ingest $n $(cd "$D/$n" && time_of node "${!b}" ingest -q -S "data.source=$D/big.csv" --artifacts "$D/store-$n")"; done; done
for n in "${names[@]}"; do cmp "$D/out-${names[0]}.csv" "$D/out-$n.csv" && echo "predict output of $n = ${names[0]}, byte for byte"; done
