"""An audiobook (M4B with chapters) of a generated EPUB: ``reader export``
against the plain peer pipeline, and an export resumed after Ctrl-C (issue 11).

Peer: ``espeak-ng -w`` per chapter (the chapter start times need each
chapter's length), an ffmetadata file with those chapters, and one ``ffmpeg``
run joining the WAVs into AAC in MP4 with the chapters. Reader: ``reader
export BOOK --format m4b --engine espeak-ng`` with a cold synthesis cache,
then a warm one (each writes the M4B, one file per chapter, tags, chapters,
playlist and transcript). Resume: an export interrupted with SIGINT half way,
then run again, against the cold time. Target: cold ≤ 0.8× the peer (with
ffmpeg's default AAC coder); the peer is also timed with reader's fast AAC
coder, like for like.

    .venv/bin/python benchmarks/m4b_vs_peer.py [--chapters 12]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_peer(chapters: list[tuple[str, str]], tmp: Path, coder: tuple[str, ...] = ()) -> float:
    """The peer pipeline; ``coder`` adds ffmpeg AAC options (reader's fast coder, for a like-for-like row)."""
    start = time.perf_counter()
    starts, at = [], 0.0
    listing = []
    for number, (title, text) in enumerate(chapters):
        wav = tmp / f"peer-{number}.wav"
        (tmp / f"peer-{number}.txt").write_text(text, encoding="utf-8")
        subprocess.run(["espeak-ng", "-f", str(tmp / f"peer-{number}.txt"), "-w", str(wav)], check=True)
        with wave.open(str(wav)) as w:
            length = w.getnframes() / w.getframerate()
        starts.append((title, at, at + length))
        at += length
        listing.append(f"file '{wav}'")
    (tmp / "list.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    meta = [";FFMETADATA1", "title=A Generated Book", "genre=Audiobook"]
    for title, begin, end in starts:
        meta += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(begin * 1000)}", f"END={round(end * 1000)}"]
        meta.append(f"title={title}")
    (tmp / "meta.txt").write_text("\n".join(meta) + "\n", encoding="utf-8")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(tmp / "list.txt")]
        + ["-i", str(tmp / "meta.txt"), "-map_metadata", "1", "-c:a", "aac", *coder, "-b:a", "64k"]
        + [str(tmp / "peer.m4b")],
        check=True,
    )
    return time.perf_counter() - start


def reader_export(book: Path, out: Path, env: dict[str, str]) -> list[str]:
    reader = ROOT / ".venv" / "bin" / "reader"
    command = [str(reader) if reader.exists() else "reader", "export", str(book), "--format", "m4b"]
    return command + ["--engine", "espeak-ng", "--quiet", "-o", str(out)]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interrupted_then_resumed(command: list[str], env: dict[str, str], after: float) -> float:
    """Send SIGINT ``after`` seconds into an export, then time the rerun."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(after)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    return timed(command, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from benchmarks.outline_epub import make_book
    from reader.document.loaders import load_article

    peers, fast_peers, colds, warms, resumed = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        book = tmp / "book.epub"
        book.write_bytes(make_book(args.chapters))
        article = load_article(str(book))
        chapters = [(s.title or "", "\n".join(t.text for t in s.sentences)) for s in article.sections if s.sentences]
        words = sum(len(text.split()) for _, text in chapters)
        for round_ in range(args.repeat):
            env = {**os.environ, "READER_CACHE_DIR": str(tmp / f"cache-{round_}")}
            peers.append(run_peer(chapters, tmp))
            fast_peers.append(run_peer(chapters, tmp, ("-aac_coder", "fast")))
            colds.append(timed(reader_export(book, tmp / f"cold-{round_}", env), env))
            warms.append(timed(reader_export(book, tmp / f"warm-{round_}", env), env))
            fresh = {**env, "READER_CACHE_DIR": str(tmp / f"cache-resume-{round_}")}
            resumed.append(
                interrupted_then_resumed(reader_export(book, tmp / f"resume-{round_}", fresh), fresh, colds[-1] / 2)
            )
        episode = max((tmp / "cold-0").glob("*.m4b"), key=lambda p: p.stat().st_size)  # the whole book
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_chapters", "-of", "csv=p=0", str(episode)], capture_output=True, text=True
        )
        chapter_count = len(probe.stdout.splitlines()) if probe.returncode == 0 else "?"
    peer, fast_peer, cold, warm, again = (statistics.median(x) for x in (peers, fast_peers, colds, warms, resumed))
    print(f"book: {args.chapters} chapters, {words} words; median of {args.repeat} runs, 2 cores")
    print(f"peer   espeak-ng per chapter + ffmpeg AAC/M4B with ffmetadata chapters: {peer:6.2f} s")
    print(f"peer with reader's AAC coder (-aac_coder fast), like for like:       {fast_peer:6.2f} s")
    print(f"reader export --format m4b, cold cache: {cold:6.2f} s ({cold / peer:.2f}x peer), {chapter_count} chapters")
    print(f"  against the peer with the same AAC coder: {cold / fast_peer:.2f}x")
    print(f"reader export --format m4b, warm cache: {warm:6.2f} s ({warm / peer:.2f}x peer)")
    print(
        f"reader export interrupted half way (SIGINT), then run again: {again:6.2f} s ({again / cold:.2f}x a cold run)"
    )
    print("target: cold <= 0.80x peer:", "met" if cold <= 0.8 * peer else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
