#!/usr/bin/env bash
# One TOTP authentication through PAM: pam_mfactl against Debian's
# pam_google_authenticator, as whole pamtester processes, on the same
# machine in the same run (rounds alternate between them; benches/pam.py
# says how, and why every round has its own user). Prints median wall time,
# CPU time (user + system), page faults and peak RSS per authentication,
# the ratios, and instruction counts (valgrind --tool=callgrind, when
# installed). Every measured login is checked to have succeeded.
# Usage: benches/pam.sh [--rounds N] [--warmup N] [--keep-callgrind DIR]
#                       [--json FILE] [--hold-store] [--tmpfs]
# --hold-store and --tmpfs are diagnostics, not the benchmark: a sqlite3
# process keeps the store open (pam_mfactl then skips SQLite's checkpoint at
# close), or the store and secret files are on a tmpfs (fsync costs nothing).
# Runs as root. The test services live in a folder bind-mounted on
# /etc/pam.d in a private mount namespace, where /dev is also an overlay
# holding a /dev/log that the script serves: the machine's own PAM files
# and /dev are never changed. Installs pamtester, libpam-google-authenticator
# and time (GNU time, for peak RSS) when missing. The store and the secret
# files go in a temporary folder under ${TMPDIR:-/tmp} (not under /dev): keep
# it on a disk, not tmpfs, since both modules write their state back with fsync.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "benches/pam.sh: run as root" >&2; exit 1; }
# libpam-google-authenticator has the command and the module.
if ! command -v pamtester >/dev/null || ! command -v google-authenticator >/dev/null ||
    ! [ -x /usr/bin/time ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        pamtester libpam-google-authenticator time >/dev/null
fi
cargo build --release --workspace --quiet
target=${CARGO_TARGET_DIR:-$PWD/target}
tmpfs=0
for a in "$@"; do [ "$a" = --tmpfs ] && tmpfs=1; done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case $dir in /dev/*) echo "benches/pam.sh: TMPDIR must not be under /dev" >&2; exit 1 ;; esac
unshare -m --propagation private sh -c '
    if [ "$2" = 1 ]; then mount -t tmpfs -o mode=700 bench-tmp "$1" || exit 1; fi
    mkdir -p "$1/pam.d" "$1/dev/up" "$1/dev/work" || exit 1
    mount --bind "$1/pam.d" /etc/pam.d || exit 1
    mount -t overlay bench-dev -o "lowerdir=/dev,upperdir=$1/dev/up,workdir=$1/dev/work" /dev ||
        echo "benches/pam.sh: no overlay on /dev: no /dev/log (google-authenticator then logs to the console)" >&2
    shift 2
    exec "$@"' \
    sh "$dir" "$tmpfs" python3 benches/pam.py --mfactl "$target/release/mfactl" \
    --module "$target/release/libpam_mfactl.so" --dir "$dir" "$@"
