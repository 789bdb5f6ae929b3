#!/usr/bin/env bash
# Sets everything up (see bootstrap.sh) and runs the main job on the bundled
# default article.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/reader outline "$@"
