#!/usr/bin/env bash
# Whether the time `mfactl emergency request` takes tells an unknown name,
# an ineligible user and an eligible one apart, also when the mail server
# refuses, hangs on or is slow with that user's mail (benches/emergency.py
# says how). Release build; about 10 minutes with the defaults.
# Usage: benches/emergency.sh [--per-class N] [--workers W]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
python3 benches/emergency.py "$@" target/release/mfactl
