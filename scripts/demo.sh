#!/usr/bin/env bash
# Sets everything up (see bootstrap.sh), then runs the main job on the bundled
# default article: exports it as podcast audio into ./out/ (extra arguments are
# passed to `reader export`, e.g. --format ogg or --preset natural).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
.venv/bin/reader export -o out "$@"
echo "Listen to it in the terminal with:  .venv/bin/reader listen"
