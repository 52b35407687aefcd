#!/usr/bin/env bash
# Benchmarks of the release binary on a fresh store in a temporary folder:
#   user import of N users (default 100000), user list --json,
#   start-up of settings get. Prints wall time and peak memory (RSS).
# Usage: benches/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release --quiet
bin=$PWD/target/release/mfactl
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MFACTL_DB=$dir/bench.db HOME=$dir

python3 - "$n" > "$dir/users.csv" <<'PY'
import sys
n = int(sys.argv[1])
print("name,email,admin,directory,groups")
for i in range(n):
    groups = "staff;ops" if i % 10 == 0 else "staff"
    directory = "true" if i % 2 else "false"
    name = f"user{i}@corp.example.com" if i % 2 else f"user{i}"
    print(f"{name},user{i}@example.com,{'true' if i % 100 == 0 else 'false'},{directory},{groups}")
PY
"$bin" -q group add staff
"$bin" -q group add ops --admin

# measure LABEL CMD...: wall seconds and peak RSS (from /proc via python's resource).
measure() {
    local label=$1; shift
    python3 - "$label" "$@" <<'PY'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:<32} {wall*1000:9.1f} ms   peak RSS {rss:6.1f} MiB")
PY
}

measure "user import ($n users)" "$bin" -q user import "$dir/users.csv"
measure "user list --json ($n users)" "$bin" --json user list
measure "user list table ($n users)" "$bin" user list
for i in 1 2 3; do measure "settings get smtp.port (#$i)" "$bin" settings get smtp.port; done
measure "status" "$bin" status
measure "audit verify" "$bin" audit verify
