#!/usr/bin/env bash
# Command benchmarks of the release binary against their natural floors,
# on a fresh store in a temporary folder:
#   - start-up: `mfactl settings get` against `sqlite3 STORE 'select 1'` (target <= 1.5x)
#   - `user import` of N users against sqlite3's own `.import` of the same CSV (target <= 2x)
#   - `user list --json` of N users
#   - peak memory (max RSS) of each command (target <= 40 MiB)
# Usage: benches/run.sh [N]     (N defaults to 100000)
# Needs sqlite3 and hyperfine (Debian packages); installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
for tool in sqlite3 hyperfine; do
    command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 hyperfine >/dev/null; }
done
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

# CPU seconds (user + system) of two commands, run alternately so that a
# busy neighbour slows both alike: `pairs PREPARE_A A PREPARE_B B` prints the
# median of each and the median of the per-pair ratios A/B over 9 pairs.
pairs() {
    python3 - "$@" <<'PY'
import resource, shlex, statistics, subprocess, sys
prep_a, cmd_a, prep_b, cmd_b = sys.argv[1:5]
def cpu(prepare, cmd):
    subprocess.run(prepare, shell=True, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(shlex.split(cmd), check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
a, b = [], []
for _ in range(9):
    a.append(cpu(prep_a, cmd_a))
    b.append(cpu(prep_b, cmd_b))
ratio = statistics.median(x / y for x, y in zip(a, b))
print(f"{statistics.median(a):.3f} s, {statistics.median(b):.3f} s, ratio {ratio:.2f}")
PY
}

# Runs a command and prints the instructions it executed (valgrind), in
# millions: steadier than time on a shared machine. Without valgrind it
# only runs the command.
instructions() {
    command -v valgrind >/dev/null || { "$@" >/dev/null; return 0; }
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | awk '{printf "%.2f", $1 / 1e6}'
}

fresh="rm -f $dir/bench.db* && $bin -q group add staff && $bin -q group add ops --admin"
floor_fresh="rm -f $dir/floor.db"
echo "== user import of $n users (CPU seconds, median of 9 alternating pairs)"
echo "mfactl user import, sqlite3 .import: $(pairs "$fresh" "$bin -q user import $dir/users.csv" \
    "$floor_fresh" "sqlite3 $dir/floor.db '.import --csv $dir/users.csv users'") (target <= 2)"
eval "$fresh"; ours=$(instructions "$bin" -q user import "$dir/users.csv")
eval "$floor_fresh"; floor=$(instructions sqlite3 "$dir/floor.db" ".import --csv $dir/users.csv users")
[ -n "$ours" ] && python3 -c "print(f'instructions: {$ours} M, {$floor} M, ratio {$ours/$floor:.2f}')"

echo "== start-up"
# Fifteen short rounds of hyperfine, the ratio taken within each round
# (load on a shared machine drifts); the third command is sqlite3 reading
# the same setting, which opens the store's WAL as mfactl must.
for round in $(seq 10 24); do
    hyperfine -N --warmup 5 --runs 20 --export-json "$dir/startup$round.json" \
        "$bin settings get smtp.port" "sqlite3 $dir/bench.db 'select 1'" \
        "sqlite3 $dir/bench.db \"select value from settings where key = 'smtp.port'\"" >/dev/null
done
python3 - "$dir"/startup??.json <<'PY'
import json, statistics, sys
rounds = [[r["median"] * 1000 for r in json.load(open(f))["results"]] for f in sys.argv[1:]]
ours, floor, read = (statistics.median(r[i] for r in rounds) for i in range(3))
ratio = statistics.median(r[0] / r[1] for r in rounds)
vs_read = statistics.median(r[0] / r[2] for r in rounds)
low, high = min(r[0] / r[1] for r in rounds), max(r[0] / r[1] for r in rounds)
print(f"mfactl settings get {ours:.2f} ms, sqlite3 'select 1' {floor:.2f} ms, ratio {ratio:.2f} (rounds {low:.2f}-{high:.2f}; target <= 1.5)")
print(f"sqlite3 reading the setting {read:.2f} ms: mfactl is {vs_read:.2f}x that")
PY
ours=$(instructions "$bin" settings get smtp.port)
floor=$(instructions sqlite3 "$dir/bench.db" 'select 1')
[ -n "$ours" ] && python3 -c "print(f'instructions: {$ours} M, {$floor} M, ratio {$ours/$floor:.2f}')"

echo "== user list --json of $n users"
hyperfine -N --warmup 1 --runs 5 --export-json "$dir/list.json" "$bin --json user list" >/dev/null
python3 -c "import json; r=json.load(open('$dir/list.json'))['results'][0]; print(f\"user list --json {r['median']*1000:.0f} ms\")"

echo "== peak memory (max RSS) per command, with $n users in the store"
"$bin" settings export > "$dir/settings.toml"
"$bin" -q settings set mfa.alternates backup-codes
codes=$("$bin" --no-input backup-codes generate user0)
code=$(printf '%s\n' "$codes" | head -1)
rss() {
    local label=$1; shift
    /usr/bin/time -f "%M" -o "$dir/rss" "$@" >/dev/null 2>"$dir/err" < "${STDIN:-/dev/null}" || true
    printf '%-34s %6.1f MiB\n' "$label" "$(python3 -c "print($(cat "$dir/rss" | tail -1)/1024)")"
}
rss "status" "$bin" status
rss "settings get" "$bin" settings get smtp.port
rss "settings show" "$bin" settings show
rss "settings export" "$bin" settings export
rss "settings import" "$bin" settings import "$dir/settings.toml"
rss "user list --json" "$bin" --json user list
rss "user list (table, piped)" "$bin" user list
rss "user show" "$bin" user show user0
rss "group list" "$bin" --json group list
rss "policy list" "$bin" policy list
rss "audit list" "$bin" audit list
rss "audit verify" "$bin" audit verify
printf '%s\n' "$code" > "$dir/code"
STDIN=$dir/code rss "mfa verify (backup code)" "$bin" mfa verify user0 --method backup-code --code-stdin
rss "backup-codes generate" "$bin" --no-input backup-codes generate user1
rm -f "$dir"/bench.db*; "$bin" -q group add staff; "$bin" -q group add ops --admin
rss "user import ($n users)" "$bin" -q user import "$dir/users.csv"
