"""Do two versions of the code export the same audio? (issue 13: a refactor must not change what is heard.)

Checks out REV (a commit, tag or branch) into a temporary git worktree, exports the bundled article (or
ARTICLE) with espeak-ng in every format with that code and with the working tree's, and compares each
file's decoded PCM (ffmpeg to 16-bit mono) and the chapters.json and WebVTT sidecars. MP3 and WAV run
with ``--jobs 1``: they are cut from one stream per worker, and with several workers a section's first
samples depend on which stream it was in (the resampler's and encoder's state at the cut).

    .venv/bin/python benchmarks/export_identity.py REV [ARTICLE] [--formats wav,flac,ogg,opus,m4b,mp3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(code: Path, article: str, fmt: str, out: Path, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "reader", "export", article, "-o", str(out), "--format", fmt, "--quiet"]
    command += ["--engine", "espeak-ng"] + (["--jobs", "1"] if fmt in ("mp3", "wav") else [])
    subprocess.run(command, check=True, cwd=code, env={**env, "PYTHONPATH": str(code)}, stdout=subprocess.DEVNULL)


def fingerprint(folder: Path, fmt: str) -> dict[str, str]:
    """Each audio file's decoded PCM digest, and each sidecar's bytes digest (not the
    hidden manifest: it records this run's own bookkeeping)."""
    prints = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == f".{fmt}":
            pcm = subprocess.run(
                ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
                capture_output=True,
                check=True,
            ).stdout
            prints[path.name] = hashlib.sha256(pcm).hexdigest()
        elif path.suffix in (".json", ".vtt"):
            prints[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("article", nargs="?", default=str(ROOT / "content" / "how-sleep-shapes-memory.md"))
    parser.add_argument("--formats", default="wav,flac,ogg,opus,m4b,mp3")
    args = parser.parse_args()
    article = str(Path(args.article).resolve())
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(old), args.rev], cwd=ROOT, check=True)
        try:
            env = {**os.environ, "READER_CACHE_DIR": str(Path(tmp) / "cache")}
            for fmt in args.formats.split(","):
                prints = []
                for name, code in (("old", old), ("new", ROOT)):
                    export(code, article, fmt, Path(tmp) / f"{name}-{fmt}", env)
                    prints.append(fingerprint(Path(tmp) / f"{name}-{fmt}", fmt))
                differ = sorted(n for n in prints[0].keys() | prints[1].keys() if prints[0].get(n) != prints[1].get(n))
                same = same and not differ
                print(f"{fmt:5s} {len(prints[1])} files: " + ("identical" if not differ else f"differ: {differ}"))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
