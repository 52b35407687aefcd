#!/usr/bin/env bash
# Authentication benchmarks of the release binary (see benches/auth.py):
# full login (password + TOTP), backup-code login, emergency login, one
# backup-code check per process, 200 checks 8 at a time, against one argon2id
# evaluation of the C reference implementation.
# Usage: benches/auth.sh [--before OLD_MFACTL] [--rounds N] [...]
# Needs python3, a C compiler and the Debian package argon2 (installed when
# missing); valgrind for instruction counts (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v argon2 >/dev/null || ! ldconfig -p | grep -q libargon2.so.1; then
    apt-get update -qq && apt-get install -y -qq argon2 >/dev/null
fi
cargo build --release --quiet
ref=$(mktemp -d)/argon2_ref
trap 'rm -rf "$(dirname "$ref")"' EXIT
cc -O2 -o "$ref" benches/argon2_ref.c -l:libargon2.so.1
python3 benches/auth.py --argon2-ref "$ref" "$@" target/release/mfactl
