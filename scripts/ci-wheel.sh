#!/usr/bin/env bash
# CI: the project installs and runs like released software. Builds the sdist
# and a wheel from it, installs the wheel into a fresh virtualenv, and from an
# empty folder outside the repository runs the bundled article through
# outline, voices --presets and a real MP3 export; then the same as a one-off
# tool run (what `pipx run` does). Run bootstrap.sh first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

.venv/bin/uv build -q --out-dir "$work/dist" "$repo"
wheel="$(ls "$work"/dist/*.whl)"
ls "$work"/dist/*.tar.gz >/dev/null
.venv/bin/uv venv -q -p "$(command -v python3)" "$work/venv"
.venv/bin/uv pip install -q -p "$work/venv/bin/python" "$wheel"

mkdir "$work/empty" && cd "$work/empty"
fail() { echo "ci-wheel: $*" >&2; exit 1; }
"$work/venv/bin/reader" --version | grep -q '^reader ' || fail "--version"
"$work/venv/bin/reader" outline | grep -q 'How Sleep Shapes Memory' || fail "outline of the bundled article"
# scraped plain text goes through the trained model, which must ship in the wheel (package data)
"$work/venv/bin/reader" outline - <"$repo/content/rain-gardens-explained.txt" >"$work/scraped.txt" 2>&1 \
  || { cat "$work/scraped.txt" >&2; fail "outline of scraped plain text"; }
head -1 "$work/scraped.txt" | grep -qx 'How Rain Gardens Keep City Streets from Flooding' \
  || { cat "$work/scraped.txt" >&2; fail "title of scraped plain text"; }
# a page not in English goes through the second shipped model
"$work/venv/bin/reader" outline - <"$repo/tests/fixtures/text/news-de-stadtbaeume.txt" >"$work/german.txt" 2>&1 \
  || { cat "$work/german.txt" >&2; fail "outline of a German page"; }
grep -q 'Was die alten Bäume leisten' "$work/german.txt" || { cat "$work/german.txt" >&2; fail "German page's section"; }
"$work/venv/bin/reader" voices --presets | grep -q 'podcast' || fail "voices --presets"
"$work/venv/bin/reader" export --engine espeak-ng -o out --section 1 >"$work/export.log" 2>&1 \
  || { cat "$work/export.log" >&2; fail "export"; }
mp3="$(ls out/*.mp3 | head -1)"
seconds="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$mp3")"
python3 -c "import sys; sys.exit(float('$seconds') < 1.0)" || fail "exported MP3 is empty ($seconds s)"
UV_TOOL_DIR="$work/tools" "$repo/.venv/bin/uv" tool run -q --from "$wheel" reader outline | grep -q 'How Sleep Shapes Memory' \
  || fail "one-off tool run (pipx run equivalent)"
echo "ci-wheel: sdist and wheel built; the installed wheel reads (the bundled article, and scraped text through its shipped models), lists presets and exports from an empty folder"
