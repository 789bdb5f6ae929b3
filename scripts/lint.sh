#!/usr/bin/env bash
# CI: ruff (pycodestyle, pyflakes, bugbear) and its formatter's check over everything, mypy over the package.
# Settings are in pyproject.toml. Run bootstrap.sh first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
.venv/bin/ruff check reader tests benchmarks scripts
.venv/bin/ruff format --check --quiet reader tests benchmarks scripts
.venv/bin/mypy
