"""The user's pronunciation file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.paths import config_dir
from reader.speech.pronunciations import apply_rules, default_pronunciations_path, load_pronunciations
from reader.speech.spoken import make_normalizer


def write_rules(text: str, path: Path | None = None) -> Path:
    path = path or default_pronunciations_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


NGINX = """
[[rule]]
pattern = "\\\\bnginx\\\\b"
replace = "engine x"
ignore_case = true
"""


def test_the_file_lives_in_the_config_directory():
    assert default_pronunciations_path() == config_dir() / "pronunciations.toml"


def test_no_file_means_no_rules():
    assert load_pronunciations() == []
    assert make_normalizer("en")("I run nginx") == "I run nginx"


def test_user_rule_applies_case_insensitively():
    write_rules(NGINX)
    normalize = make_normalizer("en")
    assert normalize("Behind NGINX and nginx.") == "Behind engine x and engine x."


def test_user_rules_run_before_the_built_in_rules():
    write_rules("""
[[rule]]
pattern = 'St\\. Mary'
replace = "Street Mary"

[[rule]]
pattern = 'v(\\d+)'
replace = 'version \\1'
""")
    normalize = make_normalizer("en")
    # The built-in rule would have said "Saint Mary"; the user's rule saw the text first.
    assert normalize("St. Mary") == "Street Mary"
    # The user's replacement then goes through the built-in number rules.
    assert normalize("v2") == "version two"


def test_rules_are_case_sensitive_unless_asked():
    write_rules('[[rule]]\npattern = "Qt"\nreplace = "cute"\n')
    assert make_normalizer("en")("Qt and QT") == "cute and QT"


def test_pronunciations_can_be_switched_off():
    write_rules(NGINX)
    assert make_normalizer("en", pronunciations=False)("nginx") == "nginx"


def test_an_explicit_file_is_used_instead_of_the_default(tmp_path):
    write_rules(NGINX)
    other = write_rules('[[rule]]\npattern = "nginx"\nreplace = "N G I N X"\n', tmp_path / "mine.toml")
    assert make_normalizer("en", pronunciations=other)("nginx") == "N G I N X"


def test_a_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ReaderError, match="cannot read pronunciation file .*nope.toml"):
        load_pronunciations(tmp_path / "nope.toml")


def test_bad_regex_names_the_file_and_the_rule_number():
    path = write_rules(NGINX + '\n[[rule]]\npattern = "(unclosed"\nreplace = "x"\n')
    with pytest.raises(ReaderError) as info:
        load_pronunciations()
    message = str(info.value)
    assert str(path) in message and "rule 2" in message and "invalid regular expression" in message


def test_bad_group_reference_in_replacement_is_reported_at_load_time():
    write_rules('[[rule]]\npattern = "a"\nreplace = "\\\\2"\n')
    with pytest.raises(ReaderError, match="rule 1: invalid replacement"):
        load_pronunciations()


def test_invalid_toml_is_reported():
    path = write_rules("[[rule]\npattern = ")
    with pytest.raises(ReaderError, match=f"{path}.* is not valid TOML"):
        load_pronunciations()


@pytest.mark.parametrize(
    "body, message",
    [
        ('[[rule]]\npattern = "x"\n', "rule 1: missing replace"),
        ('[[rule]]\nreplace = "x"\n', "rule 1: missing pattern"),
        ('[[rule]]\npattern = "x"\nreplace = "y"\nignorecase = true\n', "rule 1: unknown keys ignorecase"),
        ('[[rule]]\npattern = "x"\nreplace = "y"\nignore_case = "yes"\n', "ignore_case must be true or false"),
        ('[[rule]]\npattern = ""\nreplace = "y"\n', "pattern must be a non-empty string"),
        ('[[rule]]\npattern = "x"\nreplace = 3\n', "replace must be a string"),
        ('rule = "x"\n', "must be \\[\\[rule\\]\\] tables"),
        ('[[rules]]\npattern = "x"\nreplace = "y"\n', "unknown keys: rules"),
    ],
)
def test_malformed_rules_are_reported(body, message):
    write_rules(body)
    with pytest.raises(ReaderError, match=message):
        load_pronunciations()


def test_make_normalizer_reports_a_broken_file_once_at_setup():
    write_rules('[[rule]]\npattern = "("\nreplace = "x"\n')
    with pytest.raises(ReaderError):
        make_normalizer("en")


def test_a_rule_that_backtracks_without_end_stops_with_an_error_naming_it():
    path = write_rules('[[rule]]\npattern = "x"\nreplace = "y"\n\n[[rule]]\npattern = "(a|aa)+$"\nreplace = "z"\n')
    normalize = make_normalizer("en")
    with pytest.raises(ReaderError, match=rf"{path} rule 2: pattern .* took over 1 s"):
        normalize("a" * 40 + "b")


def test_rules_that_keep_doubling_the_text_stop_with_an_error():
    doubling = "".join('[[rule]]\npattern = "o"\nreplace = "oo"\n\n' for _ in range(30))
    path = write_rules(doubling)
    with pytest.raises(ReaderError, match=rf"{path} rule \d+: the rules made a sentence over 8 times longer"):
        make_normalizer("en")("Hello world, good morning.")


def test_a_rule_that_lengthens_a_little_is_fine():
    write_rules('[[rule]]\npattern = "\\\\bWHO\\\\b"\nreplace = "World Health Organization"\n')
    assert "World Health Organization" in make_normalizer("en")("The WHO said so.")


def test_preview_with_a_runaway_rule_is_one_line_and_non_zero(tmp_path):
    import subprocess
    import sys

    rules = write_rules('[[rule]]\npattern = "(a|aa)+$"\nreplace = "z"\n', tmp_path / "rules.toml")
    article = tmp_path / "a.txt"
    article.write_text("A short article.\n\n" + "a" * 40 + "b\n")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "preview", str(article), "--pronunciations", str(rules)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("reader: error: pronunciation file") and result.stderr.count("\n") == 1


def test_a_word_fixed_while_listening_is_appended_and_keeps_the_files_comments(tmp_path):
    from reader.speech.pronunciations import add_word_rule

    path = tmp_path / "pronunciations.toml"
    path.write_text('# my own rules\n[[rule]]\npattern = "\\\\bSQL\\\\b"\nreplace = "sequel"\n', encoding="utf-8")
    assert add_word_rule("nginx", "engine x", path) == path
    assert add_word_rule("C++", "see plus plus", path) == path
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my own rules\n")
    rules = load_pronunciations(path)
    assert (
        apply_rules(rules, "Nginx and SQL in C++; nginxes stay") == "engine x and sequel in see plus plus; nginxes stay"
    )


def test_fixing_the_same_word_again_replaces_its_reading(tmp_path):
    from reader.speech.pronunciations import add_word_rule

    path = tmp_path / "pronunciations.toml"
    add_word_rule("nginx", "engine x", path)
    add_word_rule("NGINX", "engine ex", path)
    rules = load_pronunciations(path)
    assert len(rules) == 1
    assert apply_rules(rules, "Nginx rocks") == "engine ex rocks"


def test_a_broken_pronunciation_file_is_reported_and_left_as_it_was(tmp_path):
    from reader.speech.pronunciations import add_word_rule

    path = tmp_path / "pronunciations.toml"
    path.write_text("[[rule]]\npattern = '('\nreplace = 'x'\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="invalid regular expression"):
        add_word_rule("nginx", "engine x", path)
    assert path.read_text(encoding="utf-8") == "[[rule]]\npattern = '('\nreplace = 'x'\n"
