#!/usr/bin/env bash
# CI: the declared lower bounds are true. Installs the lowest version of every
# direct dependency that pyproject.toml allows (uv's lowest-direct resolution)
# on the oldest Python here that the project declares (3.10 when present), and
# runs every test that needs no sound card or terminal. Run bootstrap.sh first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python=""
for candidate in python3.10 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    python="$(command -v "$candidate")"; break
  fi
done
[ -n "$python" ] || { echo "ci-lowest: no Python 3.10 or newer found" >&2; exit 1; }

venv=".venv-lowest"
rm -rf "$venv"
.venv/bin/uv venv -q -p "$python" "$venv"
.venv/bin/uv pip install -q -p "$venv/bin/python" --resolution lowest-direct -e '.[dev]'
echo "ci-lowest: $("$venv/bin/python" --version) with the lowest declared versions:" \
  "$(.venv/bin/uv pip freeze -p "$venv/bin/python" | grep -i -E '^(typer|nltk|pyttsx3|trafilatura|numpy|markdown-it-py)==' | tr '\n' ' ')"
"$venv/bin/python" -m pytest -q -p no:cacheprovider -m "not e2e"
