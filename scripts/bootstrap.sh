#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian/Ubuntu machine:
# system packages (only those missing), a virtualenv in .venv, the package.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# command -> Debian package that provides it
declare -A PROVIDES=(
  [espeak-ng]=espeak-ng
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [sox]=sox
  [oggenc]=vorbis-tools  # mono Ogg Vorbis without ffmpeg's start-up per file (optional: ffmpeg otherwise)
  [pulseaudio]=pulseaudio
  [pactl]=pulseaudio-utils
  [aplay]=alsa-utils
  [tmux]=tmux
)
missing=()
for cmd in "${!PROVIDES[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${PROVIDES[$cmd]}")
done
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv python3-pip)
# pyttsx3's espeak driver loads the shared library directly.
dpkg-query -W -f='${Status}' libespeak-ng1 2>/dev/null | grep -q 'ok installed' || missing+=(libespeak-ng1)
if [ "${#missing[@]}" -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "bootstrap: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall only when the dependency list changed.
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev,piper,natural,verify]' 2>&1 | { grep -v -e '^WARNING: Location' -e 'BuildBackendWarning' -e '^ *(!!|*+|return|corresp|with strategy)' || true; }
  rm -f .venv/.installed-*
  touch "$stamp"
fi
