"""Bad input, through the real CLI: one ``reader: error: …`` line on stderr,
exit status 2 for usage errors, 1 otherwise, 130 for Ctrl-C; never a
traceback, never a partial file under its final name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app
from tests.conftest import ROOT, has_program, serving

runner = CliRunner()
READER = [sys.executable, "-m", "reader"]

ARTICLE = "A short article. It has two sentences.\n"
SECTIONS = """\
# Sleep

Sleep matters.

## Deep stage

Slow waves.

## Light stage

Spindles.

# Naps

Naps help.
"""


def fails(args: list[str], status: int = 1, input: str | bytes | None = None) -> str:
    """Run the CLI, check it failed the one allowed way, return the message."""
    result = runner.invoke(app, args, input=input)
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == status, result.output
    assert isinstance(result.exception, SystemExit) or result.exception is None, repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: error: "), result.stderr
    return lines[0].removeprefix("reader: error: ")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "ok.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# ----------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.txt", None, "no such file"),
        ("image.png", b"\x89PNG\r\n\x1a\n0000", "binary file (PNG image)"),
        ("paper.pdf", b"%PDF-1.4 x", "is a damaged PDF"),
        ("book.zip", b"PK\x03\x04xxxx", "ZIP archive"),
        ("song.mp3", b"ID3\x03\x00\x00", "MP3 audio"),
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n  ", "is empty"),
        ("soup.txt", bytes(range(0x80, 0x100)) * 40, "binary file"),
        ("nul.txt", b"text\x00" * 100, "binary file"),
    ],
)
def test_unusable_files_fail_naming_the_problem_in_every_command(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for command in (["outline"], ["preview"], ["bookmarks"], ["listen", "--audio-device", "null"]):
        assert expected in fails([*command, str(path)])
    assert expected in fails(["export", "-o", str(tmp_path / "out"), str(path)])
    assert not (tmp_path / "out").exists()


def test_a_directory_is_refused_with_what_to_pass_instead(tmp_path):
    assert "is a directory: pass an article file inside it" in fails(["outline", str(tmp_path)])


def test_empty_standard_input_is_named():
    assert fails(["outline", "-"], input="") == "standard input is empty: pass an article with some text"


def test_closed_standard_input_is_one_line():
    result = subprocess.run(
        [*READER, "outline", "-"], stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    closed = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" <&-', *READER, "outline", "-"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    for done in (result, closed):
        assert done.returncode == 1
        assert done.stderr.startswith("reader: error: standard input is ")
        assert len(done.stderr.splitlines()) == 1, done.stderr


def test_file_urls_read_the_local_file(article):
    result = runner.invoke(app, ["outline", article.as_uri()])
    assert result.exit_code == 0, result.output
    assert "2 sentences" in result.stdout


@pytest.mark.parametrize("url", ["ftp://example.org/a.html", "gopher://x/1"])
def test_non_web_addresses_are_refused_saying_only_http_is_fetched(url):
    assert "only http and https URLs are fetched" in fails(["outline", url])


def test_file_url_on_another_computer_is_refused():
    assert "names a file on another computer" in fails(["outline", "file://server/share/a.txt"])


@pytest.mark.parametrize("url", ["http://[::1", "http://", "http://:80/", "http://127.0.0.1:99999/"])
def test_malformed_urls_say_check_the_address(url):
    message = fails(["outline", url])
    assert message.startswith(f"invalid URL {url}")
    assert message.endswith("check the address")


def test_unreachable_host_says_what_to_do():
    message = fails(["outline", "http://127.0.0.1:1/"])
    assert message == "cannot reach host 127.0.0.1: check your connection or save the page and pass the file"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _redirect(self, where: str) -> None:
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/500":
            self.send_error(500)
        elif self.path == "/image":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"\x89PNG\r\n\x1a\n")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif self.path == "/to-ftp":
            self._redirect("ftp://example.org/")
        elif self.path == "/not-http":
            self.wfile.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server():
    with serving(_Handler) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/500", "HTTP 500 from"),
        ("/image", "is image/png, not a web page or text"),
        ("/loop", "too many redirects"),
        ("/to-file", "redirects to file:///etc/passwd, which is not a web page"),
        ("/to-ftp", "redirects to ftp://example.org/, which is not a web page"),
        ("/not-http", "did not answer like a web server (BadStatusLine)"),
    ],
)
def test_bad_web_answers_are_one_line(server, path, expected):
    assert expected in fails(["outline", server + path])


# ------------------------------------------------------- nothing to read


def test_headings_only_file_has_nothing_to_read_but_still_has_an_outline(tmp_path):
    path = tmp_path / "heads.md"
    path.write_text("# A\n\n## B\n\n### C\n\n# D\n", encoding="utf-8")
    message = fails(["preview", str(path)])
    assert (
        message
        == f"{path} has nothing to read aloud: no sentences were found, only 4 headings; pass an article with body text"
    )
    fails(["listen", str(path), "--audio-device", "null"])
    outline = runner.invoke(app, ["outline", str(path)])
    assert outline.exit_code == 0 and "0 sentences" in outline.stdout


def test_code_only_file_says_code_is_not_read_aloud(tmp_path):
    path = tmp_path / "code.md"
    path.write_text("```\nmake install\n```\n\n```py\nx = 1\n```\n", encoding="utf-8")
    assert "only 2 code blocks (code is not read aloud; --code read reads it)" in fails(["preview", str(path)])
    read = runner.invoke(app, ["preview", str(path), "--code", "read"])
    assert read.exit_code == 0 and "make install" in read.output
    fails(["listen", str(path), "--audio-device", "null"])


def test_previewing_a_section_without_text_names_it(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# T\n\n## Empty\n\n## Full\n\nSome text. More.\n", encoding="utf-8")
    assert fails(["preview", str(path), "--section", "empty"]).startswith("section 1 Empty has no text to read aloud")


def test_exporting_an_article_without_text_writes_nothing(tmp_path):
    for name, text in (("heads.md", "# A\n\n## B\n"), ("code.md", "```\nx\n```\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert "has nothing to read aloud" in fails(["export", "-o", str(tmp_path / name / "out"), str(path)])
        assert not (tmp_path / name / "out").exists()


# ------------------------------------------------------------ sections


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("xylophone", "no section matches 'xylophone'; closest: "),
        ("99.9", "no section numbered '99.9'; the article's sections are 1 to 2"),
        ("", "empty section name"),
        ("  ", "empty section name"),
        (
            "stage",
            "section 'stage' is ambiguous: 1.1 Deep stage, 1.2 Light stage; give more of the name or the section number",
        ),
    ],
)
def test_bad_section_choices_are_one_line_naming_what_to_do(tmp_path, query, expected):
    path = tmp_path / "a.md"
    path.write_text(SECTIONS, encoding="utf-8")
    for command in (["outline"], ["preview"], ["listen", "--audio-device", "null"]):
        assert expected in fails([*command, str(path), "--section", query])
    assert expected in fails(["export", "-o", str(tmp_path / "out"), str(path), "--section", query])
    assert not (tmp_path / "out").exists()


def test_section_zero_is_the_introduction_not_an_error(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Before any heading. Two sentences.\n\n" + SECTIONS, encoding="utf-8")
    result = runner.invoke(app, ["outline", str(path), "--section", "0"])
    assert result.exit_code == 0 and result.stdout.splitlines()[1].startswith("0 (introduction): 2 sentences")


# ------------------------------------------------------------ options


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["outline", "--format", "rtf"], "unknown format 'rtf'"),
        (["outline", "--bogus"], "no such option: --bogus; see 'reader outline --help'"),
        (["--bogus"], "no such option: --bogus; see 'reader --help'"),
        (["nosuchcommand"], "no such command 'nosuchcommand'; see 'reader --help'"),
        (["outline", "a.md", "b.md"], "got unexpected extra argument(s) (b.md); see 'reader outline --help'"),
        (["outline", "--section"], "option '--section' requires an argument; see 'reader outline --help'"),
        (["listen", "--rate", "abc"], "invalid value for '--rate'"),
        (["listen", "--rate", "0"], "--rate: rate 0 is out of range; use 80–900 words per minute"),
        (["listen", "--rate", "-5"], "--rate: rate -5 is out of range"),
        (["export", "-o", "x", "--rate", "100000"], "--rate: rate 100000 is out of range"),
        (["listen", "--bookmark", "x"], "invalid value for '--bookmark'"),
        (["export"], "missing option '--output' / '-o'; see 'reader export --help'"),
        (["export", "-o", "x", "--format", "wma"], "unknown audio format 'wma'"),
        (["export", "-o", ""], "the output folder (-o) is empty: give a folder name"),
        (
            ["export", "-o", "x", "a.md", "b.md", "--base-url", "ftp://host/pod"],
            "--base-url must start with http:// or https://",
        ),
        (
            ["export", "-o", "x", "a.md", "--base-url", "https://x.test/pod"],
            "--base-url is for feed.xml, which is written when several SOURCES",
        ),
        (["export", "-o", "x", "--jobs", "-1"], "invalid value for '--jobs' / '-j'"),
        (["preview", "--pronunciations", "."], "is a directory"),
        (["engines", "extra"], "got unexpected extra argument(s) (extra)"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    assert expected in fails(args, status=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--voice", "nope"], "unknown voice 'nope' for"),
        (["--preset", "nope"], "unknown preset 'nope'; choose one of:"),
        (["--engine", "nope"], "unknown engine 'nope'; choose one of:"),
        (["--engine", "pyttsx3", "--voice", "nope"], "unknown voice 'nope'"),
    ],
)
def test_unknown_speaker_choices_fail_before_any_audio(tmp_path, article, args, expected):
    if "pyttsx3" in args:
        pytest.importorskip("pyttsx3")
    assert expected in fails(["listen", str(article), "--audio-device", "null", *args], status=2)
    assert expected in fails(["export", "-o", str(tmp_path / "out"), str(article), *args], status=2)
    assert not (tmp_path / "out").exists()


# -------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"rate = \n", "is not valid TOML: Invalid value (at line 1, column 8); fix the file or remove it"),
        (b'rate = "fast"\n', "rate should be of type int, not 'fast'"),
        (b"colour = 1\n", "has unknown keys: colour; known keys:"),
        (b"rate = 20\n", "rate 20 is out of range"),
        (b"pitch = 300\n", "pitch = 300 is out of range; use 0 to 100"),
        (b"volume = -2\n", "volume = -2 is out of range; use 0 to 1"),
        (b"sentence_pause = -1.0\n", "sentence_pause = -1 is out of range; use 0 to 10"),
        (b'heading_template = "{nope}"\n', "heading_template '{nope}' is not usable (unknown field {nope})"),
        (b'heading_template = "{0}"\n', "numbered fields such as {0} are not available"),
        (b'heading_template = "{title"\n', "is not usable (expected '}' before end of string)"),
        (b'heading_template = "{title.__class__}"\n', "is not usable (unknown field {title.__class__})"),
        (b'heading_template = "{title[0]}"\n', "is not usable (unknown field {title[0]})"),
        (b'heading_template = "{title:>999999999}"\n', "is not usable ({title} takes no conversion or format)"),
        (b'heading_template = "{number!r}"\n', "is not usable ({number} takes no conversion or format)"),
        (b"\xff\xfe rate", "is not UTF-8 text: save it as UTF-8 or remove it"),
    ],
)
def test_broken_user_preset_is_one_line_naming_the_file(article, user_dirs, content, expected):
    folder = user_dirs / "config" / "presets"
    folder.mkdir()
    (folder / "x.toml").write_bytes(content)
    where = f"preset file {folder / 'x.toml'}"
    for args in (["preview", str(article), "--preset", "x"], ["voices", "--presets"]):
        message = fails(args)
        assert message.startswith(where) and expected in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[[rule]]\npattern = "(unclosed"\nreplace = "x"\n', "rule 1: invalid regular expression '(unclosed'"),
        (b'[[rule]]\npattern = "x"\n', "rule 1: missing replace; every rule needs pattern and replace"),
        (b"rule = [\n", "is not valid TOML"),
        (b"x = 1\n", "has unknown keys: x"),
        (b"\xff\xfe", "is not UTF-8 text"),
    ],
)
def test_broken_pronunciation_file_is_one_line_naming_the_file(article, user_dirs, content, expected):
    path = user_dirs / "config" / "pronunciations.toml"
    path.write_bytes(content)
    message = fails(["preview", str(article)])
    assert message.startswith(f"pronunciation file {path}") and expected in message


def test_corrupted_state_file_is_set_aside_not_lost(article, user_dirs):
    from reader.document.loaders import load_article
    from reader.listen.positions import article_key

    folder = user_dirs / "state" / "positions"
    folder.mkdir()
    state = folder / f"{article_key(load_article(str(article)))}.json"
    state.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["bookmarks", str(article)])
    assert result.exit_code == 0 and "No bookmarks" in result.stdout
    assert fails(["listen", str(article), "--bookmark", "99", "--audio-device", "null"]).startswith(
        "this article has no bookmarks"
    )
    assert state.with_name(state.name + ".bad").read_text(encoding="utf-8") == "{not json"


# -------------------------------------------------------------- export


def test_export_into_a_file_or_under_a_file_or_proc_is_one_line(tmp_path, article):
    blocker = tmp_path / "afile"
    blocker.write_text("keep me", encoding="utf-8")
    assert "is a file, not a folder" in fails(["export", "-o", str(blocker), str(article)])
    assert "cannot write to output folder" in fails(["export", "-o", str(blocker / "sub"), str(article)])
    assert "cannot write to output folder /proc/x" in fails(["export", "-o", "/proc/x", str(article)])
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_export_of_several_sources_checks_them_all_before_writing(tmp_path, article):
    out = tmp_path / "out"
    assert fails(["export", "-o", str(out), str(article), str(tmp_path / "missing.txt")]) == (
        f"no such file: {tmp_path / 'missing.txt'}; check the name and the folder (see ls)"
    )
    assert not out.exists()


@pytest.mark.e2e
@pytest.mark.skipif(not (has_program("ffmpeg") and has_program("espeak-ng")), reason="needs ffmpeg and espeak-ng")
def test_ffmpeg_is_out_of_reach_of_the_terminals_ctrl_c(tmp_path):
    """Ctrl-C goes to the terminal's whole process group; were ffmpeg in it, it
    could die first and the export would report "ffmpeg failed" instead of
    "interrupted". Its process group must be another than the reader's."""
    process = subprocess.Popen(
        [*READER, "export", "-o", str(tmp_path / "out"), "--format", "wav"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )
    groups: set[int] = set()
    try:
        for _ in range(400):
            listing = subprocess.run(
                ["ps", "-o", "pgid=,comm=", "--ppid", str(process.pid)], capture_output=True, text=True
            ).stdout
            groups = {int(line.split()[0]) for line in listing.splitlines() if line.split()[1:] == ["ffmpeg"]}
            if groups or process.poll() is not None:
                break
            time.sleep(0.02)
    finally:
        process.kill()
        process.wait()
    assert groups, "no ffmpeg was seen while exporting"
    assert os.getpgid(os.getpid()) not in groups and process.pid not in groups


def _long_article(folder: Path, sentences: int = 20) -> str:
    """A Markdown article of 60 sections of ``sentences`` sentences: long enough that its export is still
    running when a test interrupts it after the first file, however busy the machine (the bundled one can
    finish first), and that its preview fills a pipe."""
    path = folder / "long.md"
    parts = (f"## Part {n}\n\n" + " ".join(f"Sentence {i} of part {n}." for i in range(sentences)) for n in range(60))
    path.write_text("\n".join(parts), encoding="utf-8")
    return str(path)


@pytest.mark.e2e
@pytest.mark.skipif(not (has_program("ffmpeg") and has_program("espeak-ng")), reason="needs ffmpeg and espeak-ng")
def test_ctrl_c_during_export_leaves_only_complete_files(tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*READER, "export", _long_article(tmp_path), "-o", str(out), "--format", "wav", "--no-episode"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:  # interrupt once the first file is written
        lines.append(line)
        if line.startswith("wrote "):
            break
    # Like Ctrl-C in a terminal: the whole process group (ffmpeg, espeak-ng too).
    os.killpg(process.pid, signal.SIGINT)
    _out, rest = process.communicate(timeout=60)
    errors = "".join(lines) + rest
    assert process.returncode == 130, errors
    assert "Traceback" not in errors
    assert errors.strip().splitlines()[-1] == "reader: error: interrupted"
    assert sum(line.startswith("reader: error:") for line in errors.splitlines()) == 1
    written = sorted(out.iterdir())
    assert not [p for p in written if p.name.startswith(".") and p.name != ".reader-export.json"]
    for wav in (p for p in written if p.suffix == ".wav"):
        probe = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(wav), "-f", "null", "-"], capture_output=True, text=True
        )
        assert probe.returncode == 0 and not probe.stderr, (wav, probe.stderr)


@pytest.mark.e2e
@pytest.mark.skipif(not (has_program("ffmpeg") and has_program("espeak-ng")), reason="needs ffmpeg and espeak-ng")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_export_killed_by_sigterm_or_sighup_cleans_up_like_ctrl_c(tmp_path, sig):
    """`kill PID` or a closed terminal reaches only reader, not its encoders."""
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*READER, "export", _long_article(tmp_path), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith("wrote "):
            break
    os.kill(process.pid, sig)
    _out, rest = process.communicate(timeout=60)
    errors = "".join(lines) + rest
    assert process.returncode == 130, errors
    assert errors.strip().splitlines()[-1] == "reader: error: interrupted"
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".reader-export.json"]


# ---------------------------------------------------------- process edges


def test_closed_stdout_pipe_is_not_an_error(tmp_path):
    process = subprocess.Popen(
        [*READER, "preview", _long_article(tmp_path, sentences=40)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"Section")
    process.stdout.close()  # like `| head -1`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert errors == ""


def test_unexpected_exception_is_one_line_and_debug_shows_it(monkeypatch, article):
    import reader.document.outline

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(reader.document.outline, "outline_lines", broken)
    message = fails(["outline", str(article)])
    assert message.startswith("internal error (KeyError: 'boom'); this is a bug")
    monkeypatch.setenv("READER_DEBUG", "1")
    result = runner.invoke(app, ["outline", str(article)])
    assert isinstance(result.exception, KeyError)


def test_full_disk_on_stdout_is_one_line(article):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*READER, "outline", str(article)], stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
    assert done.returncode == 1
    assert done.stderr == "reader: error: No space left on device; free some disk space and try again\n"


def test_ctrl_c_in_listen_with_an_unwritable_state_dir_is_one_line(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    process = subprocess.Popen(
        [*READER, "listen", "--audio-device", "null"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "READER_STATE_DIR": str(blocker)},
        start_new_session=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("["):  # the first sentence is playing
            break
    os.killpg(process.pid, signal.SIGINT)
    _out, errors = process.communicate(timeout=60)
    assert process.returncode == 1
    assert errors.startswith(f"reader: error: cannot save the reading position in {blocker / 'positions'}")
    assert errors.endswith("set READER_STATE_DIR to a writable directory\n") and errors.count("\n") == 1


@pytest.mark.parametrize("closed", ["stdout", "stdin"])
def test_listen_with_a_closed_stdout_or_stdin_reads_on(tmp_path, closed):
    path = tmp_path / "short.md"
    path.write_text("# Short\n\n## Part\n\nOne sentence here. Another one there.\n", encoding="utf-8")
    command = [*READER, "listen", str(path), "--audio-device", "null", "--rate", "900", "--section", "part", "--only"]
    redirect = {"stdout": "1>&-", "stdin": "0<&-"}[closed]
    shell = " ".join(f"'{part}'" for part in command) + f" {redirect} 2>{tmp_path / 'err.txt'}"
    result = subprocess.run(["/bin/sh", "-c", shell], cwd=ROOT, capture_output=closed == "stdin", text=True, timeout=60)
    assert result.returncode == 0, (tmp_path / "err.txt").read_text()
    assert (tmp_path / "err.txt").read_text() == ""
