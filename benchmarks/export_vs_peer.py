"""Time `reader export` against the plain peer pipeline on the same text.

Peer: the engine's own command writing one WAV (``espeak-ng -f text.txt -w
out.wav``; for hibari ``hibari -o out.wav < text.txt``) then ``ffmpeg -i
out.wav out.mp3``. Reader: ``reader export --engine ENGINE`` with a cold
synthesis cache, then a warm one.

    python benchmarks/export_vs_peer.py [ARTICLE] [--repeat=N] [--engine=espeak-ng|hibari]

Medians (and bests) of N interleaved runs (default 3) are reported for both,
with the CPU time each used (reader spreads its work over the cores).
``reader/`` is byte-compiled once before timing, as ``pip install`` does
(the checkout otherwise has no .pyc when PYTHONDONTWRITEBYTECODE is set).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def article_path(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    default = ROOT / "content" / "how-sleep-shapes-memory.md"
    return default if default.exists() else sorted((ROOT / "content").glob("*.md"))[0]


CPU: list[float] = []
"""CPU seconds (user + system, the process and its children) of each timed command."""


def timed(command: list[str], env: dict | None = None, stdin=None) -> float:  # type: ignore[no-untyped-def]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--repeat=")]
    args = [a for a in args if not a.startswith("--engine=")]
    repeat = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--repeat=")), 3)
    engine = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--engine=")), "espeak-ng")
    source = article_path(args[0] if args else None)
    reader = [str(ROOT / ".venv" / "bin" / "reader")] if (ROOT / ".venv/bin/reader").exists() else ["reader"]
    if engine == "hibari":  # its command beside ours, on the PATH
        os.environ["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"
    # What an installed package has: bytecode compiled at install time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
    # The peer gets the same words reader speaks: the article's sentences.
    from reader.document.loaders import load_article

    article = load_article(str(source))
    text = "\n\n".join("\n".join([s.title or ""] + [t.text for t in s.sentences]) for s in article.sections)
    peers, colds, warms = [], [], []
    peer_cpu, cold_cpu, warm_cpu = [], [], []
    synth = encode = 0.0
    files = audio = 0
    for _ in range(repeat):  # interleaved, so both sides see the same machine load
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            (tmp / "text.txt").write_text(text, encoding="utf-8")
            if engine == "hibari":
                with open(tmp / "text.txt", encoding="utf-8") as text_in:
                    synth = timed(["hibari", "--seed", "0", "-o", str(tmp / "out.wav")], stdin=text_in)
            else:
                synth = timed(["espeak-ng", "-f", str(tmp / "text.txt"), "-w", str(tmp / "out.wav")])
            encode = timed(["ffmpeg", "-v", "error", "-y", "-i", str(tmp / "out.wav"), str(tmp / "out.mp3")])
            peers.append(synth + encode)
            peer_cpu.append(CPU[-1] + CPU[-2])
            env = dict(os.environ, READER_CACHE_DIR=str(tmp / "cache"))
            export = reader + ["export", str(source), "--engine", engine, "--quiet", "-o"]
            colds.append(timed(export + [str(tmp / "cold")], env))
            cold_cpu.append(CPU[-1])
            warms.append(timed(export + [str(tmp / "warm")], env))
            warm_cpu.append(CPU[-1])
            files = len([p for p in (tmp / "cold").iterdir() if not p.name.startswith(".")])
            audio = len(list((tmp / "cold").glob("*.mp3")))
    peer, cold, warm = (statistics.median(x) for x in (peers, colds, warms))
    print(
        f"article: {source.name} ({len(text)} characters, {len(article.sections)} sections); "
        f"median (best) of {repeat} runs; reader/ byte-compiled first, as pip install does"
    )
    cpu = {name: statistics.median(x) for name, x in (("peer", peer_cpu), ("cold", cold_cpu), ("warm", warm_cpu))}
    print(
        f"peer   {engine} {synth:6.2f} s + ffmpeg mp3 {encode:6.2f} s (last run); "
        f"total {peer:6.2f} s ({min(peers):.2f}), CPU {cpu['peer']:.2f} s  -> 2 files (wav, mp3)"
    )
    print(
        f"reader cold cache {cold:6.2f} s ({min(colds):.2f}), CPU {cpu['cold']:.2f} s  ({cold / peer:4.2f}x peer)"
        f"  -> {files} files ({audio} mp3)"
    )
    print(f"reader warm cache {warm:6.2f} s ({min(warms):.2f}), CPU {cpu['warm']:.2f} s  ({warm / peer:4.2f}x peer)")
    print("target: cold <= 0.80x peer:", "met" if cold <= 0.8 * peer else "NOT met")


if __name__ == "__main__":
    main()
