"""A private, headless PulseAudio server with a null sink, for tests and the
latency benchmark that play real audio.

The daemon runs as whatever user we are (root in CI containers), with its
runtime directory, home and socket in a temp dir, so it never meets a
desktop's sound server. Anything pointed at :attr:`PulseServer.env` plays into
the null sink, which consumes audio in real time like a sound card.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SINK_NAME = "reader_null"


def has_pulseaudio() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "pacat"))


@dataclass
class PulseServer:
    """A running private PulseAudio daemon."""

    root: Path
    process: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables that make clients use this server."""
    keeper: subprocess.Popen | None = None
    """A silent low-latency stream that keeps the null sink's clock ticking."""

    @property
    def socket(self) -> Path:
        return self.root / "runtime" / "native"

    def stop(self) -> None:
        if self.keeper is not None and self.keeper.poll() is None:
            self.keeper.terminate()
            self.keeper.wait(timeout=5)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)


def start_pulse(timeout: float = 10.0) -> PulseServer:
    """Start a private daemon with a null sink and wait until it answers."""
    root = Path(tempfile.mkdtemp(prefix="reader-pulse-"))
    runtime, home = root / "runtime", root / "home"
    runtime.mkdir(mode=0o700)
    home.mkdir()
    socket = runtime / "native"
    env = {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "PULSE_RUNTIME_PATH": str(runtime),
        "PULSE_SERVER": f"unix:{socket}",
    }
    full_env = {**os.environ, **env}
    full_env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    process = subprocess.Popen(
        [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--system=false",
            "--disallow-exit",
            "-n",  # no default.pa: only the modules below
            f"--load=module-null-sink sink_name={SINK_NAME}",
            f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
            "--log-target=stderr",
            "--log-level=error",
        ],
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    server = PulseServer(root=root, process=process, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            server.stop()
            raise RuntimeError(f"pulseaudio exited with {process.returncode}: {err.strip()}")
        if socket.exists():
            ok = subprocess.run(["pactl", "info"], env=full_env, capture_output=True, timeout=5)
            if ok.returncode == 0:
                server.keeper = _keep_sink_awake(full_env)
                _wait_for_low_latency(full_env, deadline)
                return server
        time.sleep(0.05)
    server.stop()
    raise RuntimeError("pulseaudio did not start within %.0f s" % timeout)


def dead_audio_env(tmp: Path) -> dict[str, str]:
    """Environment in which no audio output exists: PulseAudio points at a
    socket nobody listens on and ALSA has no card (true in containers) or is
    told to use a configuration with no devices."""
    conf = tmp / "asound.conf"
    conf.write_text("pcm.!default { type null_does_not_exist }\n")
    return {
        "PULSE_SERVER": f"unix:{tmp / 'no-such-pulse-socket'}",
        "PULSE_RUNTIME_PATH": str(tmp / "no-pulse-runtime"),
        "ALSA_CONFIG_PATH": str(conf),
    }


def _wait_for_low_latency(env: dict[str, str], deadline: float) -> None:
    """Wait until the keeper stream has brought the sink out of its 2 s sleep."""
    while time.monotonic() < deadline:
        out = subprocess.run(["pactl", "list", "sinks"], env=env, capture_output=True, text=True, timeout=5).stdout
        match = re.search(r"Latency: (\d+) usec, configured (\d+) usec", out)
        if match and int(match.group(2)) < 200_000 and int(match.group(1)) < 200_000:
            return
        time.sleep(0.05)


def _keep_sink_awake(env: dict[str, str]) -> subprocess.Popen:
    """Play endless silence at 20 ms latency.

    An idle null sink sleeps in 2-second blocks, so every new stream would
    wait up to 2 s for its first frames to be taken (a sound card does not do
    that). One low-latency stream keeps the sink waking every few ms, like
    real hardware, so the timings tests and the benchmark see are real ones.
    """
    return subprocess.Popen(
        [
            "pacat",
            "--playback",
            "--raw",
            "--latency-msec=20",
            "--format=s16le",
            "--channels=1",
            "--rate=8000",
            "/dev/zero",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
