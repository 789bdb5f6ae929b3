"""The plain-text loader's boilerplate model on whole pages: chrome goes, article text stays, nothing silently.

The pages here are written for the tests (not from the training corpus); the
assertions are about what a listener hears, not about model scores.
"""

from __future__ import annotations

import json
import time
from importlib import resources

import numpy as np

from reader.document.loaders.boilerplate import CONTEXT_FEATURES, MODEL_FILE, TreeEnsemble, load_model
from reader.document.loaders.fields import in_field_block
from reader.document.loaders.pagetitle import (
    AFTER_BODY,
    TITLE_FEATURES,
    body_start,
    candidates,
    headline_over_lead,
    title_features,
)
from reader.document.loaders.leaks import MARKUP, is_markup
from reader.document.loaders.plaintext import parse
from reader.document.loaders.unitfeatures import FEATURES, LEXICON_FEATURES, page_features, with_lexicon
from reader.document.loaders.units import units_from_lines

MENU = "Skip to main content\nHome\nNews\nSport\nCulture\nTravel\nSign in\nSubscribe\n"
FOOTER = (
    "\nMore from Harbour Weekly\nBest beaches for winter walks\nTen ferries worth taking\n"
    "About us\nContact\nPrivacy policy\nCookie settings\n© 2025 Harbour Weekly Ltd\n"
)
PARAGRAPHS = [
    "The old harbour wall at Kettleby has stood for two hundred years, and this winter it finally gave way "
    "in three places after a week of easterly storms.",
    "Engineers from the county council spent Monday measuring the gaps, which together run to almost forty "
    "metres, and said the damage was worse than the photographs suggested.",
    "Fishing boats have been moved to the marina at Saltmouth, a forty-minute drive away, which the crews say "
    "adds an hour to every working day and a good deal of diesel to every week.",
    "The council has promised a temporary barrier of rock armour by the spring, but a permanent repair will "
    "need money from the national flood fund, which is already stretched.",
]


def page(body: str, title: str = "Storms breach Kettleby harbour wall in three places") -> str:
    return f"{MENU}\n{title}\n\nBy Morag Innes\n12 January 2025\n\n{body}\n{FOOTER}"


def read(doc) -> str:
    return "\n".join(b.text for b in doc.blocks)


def test_menus_and_footer_around_an_article_are_dropped_and_listed_with_reasons():
    doc = parse(page("\n\n".join(PARAGRAPHS)))
    text = read(doc)
    assert all(p in text for p in PARAGRAPHS)
    for chrome in ("Skip to main content", "Subscribe", "Privacy policy", "Cookie settings", "© 2025", "Ten ferries"):
        assert chrome not in text
    reasons = {d.text: d.reason for d in doc.dropped}
    assert "page chrome" in reasons["Privacy policy"]
    assert "Skip to main content" in reasons


def test_title_and_author_come_from_the_page_head():
    doc = parse(page("\n\n".join(PARAGRAPHS)))
    assert doc.title == "Storms breach Kettleby harbour wall in three places"
    assert doc.author == "Morag Innes"


def test_keep_all_reads_the_menus_too():
    doc = parse(page("\n\n".join(PARAGRAPHS)), keep_all=True)
    text = read(doc)
    assert "Privacy policy" in text and "Subscribe" in text
    assert all(p in text for p in PARAGRAPHS)
    assert not any(d.reason.startswith("page chrome") for d in doc.dropped)


def test_article_ending_in_a_short_list_keeps_the_list():
    body = (
        "\n\n".join(PARAGRAPHS) + "\n\nThe town's festival goes ahead in May with four stages, one for each theme:\n\n"
        "- Science\n- Travel\n- Food\n- Music"
    )
    text = read(parse(page(body)))
    for item in ("Science", "Travel", "Food", "Music"):
        assert f"\n{item}" in f"\n{text}"


def test_a_closing_one_word_answer_is_kept():
    body = (
        "\n\n".join(PARAGRAPHS) + "\n\nWill the wall be rebuilt before next winter? The harbour master was "
        "asked this on Monday, and after a long pause he gave the shortest answer of the day.\n\nYes."
    )
    assert read(parse(page(body))).endswith("Yes.")


def test_written_by_in_the_middle_of_an_article_does_not_cut_it():
    middle = "The plaque on the wall was written by Anna Ferris, the harbour's first female pilot, in 1921."
    body = "\n\n".join(PARAGRAPHS[:2] + [middle] + PARAGRAPHS[2:])
    text = read(parse(page(body)))
    assert middle in text and PARAGRAPHS[-1] in text


def test_chrome_of_a_german_page_is_dropped_without_any_german_word_list():
    menu = "Zum Inhalt springen\nStartseite\nPolitik\nWirtschaft\nSport\nKultur\nAnmelden\n"
    body = [
        "Der Hafen von Kettleby hat nach einer Woche mit schweren Stürmen an drei Stellen nachgegeben, und die "
        "Fischer müssen nun in einen anderen Hafen ausweichen.",
        "Die Ingenieure des Landkreises haben am Montag die Lücken vermessen, die zusammen fast vierzig Meter "
        "lang sind, und erklärten, der Schaden sei größer als auf den Fotos zu sehen.",
        "Eine dauerhafte Reparatur braucht Geld aus dem nationalen Hochwasserfonds, der schon jetzt knapp ist, "
        "sagte die Bürgermeisterin am Abend vor dem Rathaus.",
        "Bis dahin soll eine provisorische Barriere aus Felsbrocken die Boote schützen, die im Winter wieder "
        "in den alten Hafen zurückkehren wollen, sobald das Wetter es erlaubt.",
    ]
    footer = "Impressum\nDatenschutz\nKontakt\nCookie-Einstellungen\n© 2025 Hafenblatt GmbH"
    doc = parse(f"{menu}\nSturm reißt Hafenmauer in Kettleby auf\n\n" + "\n\n".join(body) + f"\n\n{footer}\n")
    text = read(doc)
    assert all(p in text for p in body)
    for chrome in ("Startseite", "Impressum", "Datenschutz", "Anmelden"):
        assert chrome not in text
    assert doc.title == "Sturm reißt Hafenmauer in Kettleby auf"


def test_body_sentence_mentioning_share_is_kept():
    sentence = "Please share this page with anyone who cares for an older relative who lives near the coast."
    text = read(parse(page("\n\n".join(PARAGRAPHS[:2] + [sentence] + PARAGRAPHS[2:]))))
    assert sentence in text


def test_the_shipped_model_matches_the_features_the_code_computes():
    data = json.loads(resources.files("reader.document.loaders").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES + CONTEXT_FEATURES
    units = units_from_lines(page("\n\n".join(PARAGRAPHS)).split("\n"))
    rows = page_features(units)
    assert rows.shape == (len(units), len(FEATURES)) and np.isfinite(rows).all()
    _, scores = load_model().score(units)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_a_second_models_feature_rows_are_the_first_ones_with_only_its_word_odds_recomputed():
    units = units_from_lines(
        page("\n\n".join(PARAGRAPHS), title="Kettleby harbour wall breached by storms").split("\n")
    )
    english, other = load_model("en").lexicon, load_model("de").lexicon
    rows = page_features(units, english)
    relexiconed = with_lexicon(rows, units, other)
    assert np.array_equal(relexiconed, page_features(units, other))
    changed = np.flatnonzero((relexiconed != rows).any(axis=0))
    assert len(changed) and {FEATURES[c] for c in changed} <= set(LEXICON_FEATURES)


def test_the_shipped_title_ranker_matches_the_title_features_the_code_computes():
    data = json.loads(resources.files("reader.document.loaders").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    assert tuple(data["title_stage"]["features"]) == TITLE_FEATURES + FEATURES


def _title_table(text: str) -> tuple[list, list[int], np.ndarray]:
    units = units_from_lines(text.split("\n"))
    rows, scores = load_model().score(units)
    body = body_start(units, scores, load_model().threshold)
    chosen = candidates(units, scores, body)
    return units, chosen, title_features(units, rows, scores, body, chosen)


def test_a_headline_whose_words_recur_in_the_article_outranks_a_teaser_on_body_overlap():
    units, chosen, table = _title_table(page("\n\n".join(PARAGRAPHS), title="Kettleby harbour wall breached by storms"))
    overlap = dict(zip((units[i].text for i in chosen), table[:, TITLE_FEATURES.index("body_overlap")]))
    assert overlap["Kettleby harbour wall breached by storms"] > 0.5
    assert overlap.get("Culture", 0.0) == 0.0 and overlap.get("Sign in", 0.0) == 0.0


def test_a_section_heading_repeating_the_headline_gives_way_to_the_headline_over_the_lead():
    lines = ["Home", "Hay fever", "Hay fever is a common allergy that causes sneezing.", "Check if you have hay fever"]
    units = units_from_lines("\n\n".join(lines).split("\n"))
    chosen = [0, 1, 3]
    assert headline_over_lead(units, chosen, pick=3, body=2) == 1
    assert headline_over_lead(units, chosen, pick=0, body=2) == 0  # a pick over the body stays
    other_lead = units_from_lines("\n\n".join([*lines[:2], "Pollen counts rise in March.", lines[3]]).split("\n"))
    assert headline_over_lead(other_lead, chosen, pick=3, body=2) == 3  # the lead does not open with the headline
    other_words = units_from_lines("\n\n".join([*lines[:3], "Check if you have asthma"]).split("\n"))
    assert headline_over_lead(other_words, chosen, pick=3, body=2) == 3  # the pick does not hold its words


def test_a_byline_a_date_and_a_bracketed_aside_are_marked_as_such_for_the_title_ranker():
    units, chosen, table = _title_table(
        f"{MENU}\n(From the last 12 hours)\n\nStorms breach Kettleby harbour wall\n\nBy Morag Innes\n"
        "12 January 2025\n\n" + "\n\n".join(PARAGRAPHS)
    )
    row = {units[i].text: table[k] for k, i in enumerate(chosen)}

    def flags(text: str) -> tuple[float, ...]:
        return tuple(row[text][TITLE_FEATURES.index(name)] for name in ("own_byline", "own_date", "bracketed"))

    assert flags("By Morag Innes") == (1.0, 0.0, 0.0)
    assert flags("12 January 2025") == (0.0, 1.0, 0.0)
    assert flags("(From the last 12 hours)") == (0.0, 0.0, 1.0)
    assert flags("Storms breach Kettleby harbour wall") == (0.0, 0.0, 0.0)


def test_the_near_repeat_feature_is_the_short_line_holding_most_of_a_headlines_words_but_its_own_copies():
    headline = "Lighthouse keeper retires at Dunmore point"
    units, chosen, table = _title_table(
        f"{MENU}\n{headline}\n\nDunmore lighthouse tours\n\n{headline}\n\n" + "\n\n".join(PARAGRAPHS)
    )
    near = {units[i].text: table[k][TITLE_FEATURES.index("near_repeat")] for k, i in enumerate(chosen)}
    assert near[headline] == 2 / 5  # the tours line holds two of its five content words; its own copy does not count
    assert near["Dunmore lighthouse tours"] == 2 / 3
    assert near["Sign in"] == 0.0


def test_the_cells_of_a_laid_out_row_are_marked_as_cells_for_the_title_ranker():
    units, chosen, table = _title_table(
        f"{MENU}\nNorthern Ireland      Storms breach Kettleby harbour wall\n\nBy Morag Innes\n\n"
        + "\n\n".join(PARAGRAPHS)
    )
    cell = {units[i].text: table[k][TITLE_FEATURES.index("cell")] for k, i in enumerate(chosen)}
    assert cell["Northern Ireland"] == cell["Storms breach Kettleby harbour wall"] == 1.0
    assert cell["Sign in"] == cell["By Morag Innes"] == 0.0


def test_a_headline_under_a_sidebar_blurb_is_still_a_title_candidate():
    blurb = (
        "Harbour Weekly is a small newsletter written by volunteers along the coast, with news of the boats, "
        "the weather and the people who live here."
    )
    teasers = "\n".join(f"Teaser headline number {n}" for n in range(1, 9))
    units, chosen, _ = _title_table(
        f"{blurb}\n\n{teasers}\n\nStorms breach Kettleby harbour wall\n\n" + "\n\n".join(PARAGRAPHS * 2)
    )
    headline = next(i for i, u in enumerate(units) if u.text == "Storms breach Kettleby harbour wall")
    assert headline in chosen
    # the window ends a few units past the article's first paragraph (the blurb was the body's first)
    assert max(chosen) == headline + 1 + AFTER_BODY < len(units) - 1


def test_a_field_among_fields_is_never_a_heading_or_the_title():
    units = units_from_lines(["Prep time: 10 minutes", "Cook time: 35 minutes", "Serves: 4"])
    assert all(in_field_block(units, i) for i in range(3))
    lone = units_from_lines(["Sandy: Over 250,000 Homes At Risk", "", PARAGRAPHS[0]])
    assert not in_field_block(lone, 0)
    recipe = parse(
        f"{MENU}\nWinter Lentil Soup\n\nPrep time: 10 minutes\nCook time: 35 minutes\nServes: 4\n\n"
        + "\n\n".join(PARAGRAPHS)
    )
    assert recipe.title == "Winter Lentil Soup"
    assert not any(b.kind == "heading" for b in recipe.blocks)


def test_a_key_value_line_beside_its_own_copy_is_a_repeat_not_a_block_of_fields():
    headline = "Analysis: Why the vote was lost"
    repeated = units_from_lines([headline, headline, "", PARAGRAPHS[0]])
    assert not in_field_block(repeated, 0) and not in_field_block(repeated, 1)
    same_key = units_from_lines(["Prep time: 10 minutes", "PREP TIME: 10 minutes"])
    assert not in_field_block(same_key, 0)


def test_trees_walked_together_give_each_tree_its_own_leaf():
    # tree 1: x0 <= 0.5 ? 1.0 : -1.0; tree 2: x1 <= 2.0 ? (x0 <= 0.2 ? 0.5 : 0.25) : -0.5
    trees = TreeEnsemble.from_dict(
        {
            "baseline": 0.1,
            "depth": 3,
            "features": ["a", "b"],
            "trees": [
                {
                    "feature": [0, -1, -1],
                    "threshold": [0.5, 0, 0],
                    "left": [1, 0, 0],
                    "right": [2, 0, 0],
                    "value": [0, 1.0, -1.0],
                },
                {
                    "feature": [1, 0, -1, -1, -1],
                    "threshold": [2.0, 0.2, 0, 0, 0],
                    "left": [1, 2, 0, 0, 0],
                    "right": [4, 3, 0, 0, 0],
                    "value": [0, 0, 0.5, 0.25, -0.5],
                },
            ],
        }
    )
    rows = np.array([[0.1, 1.0], [0.3, 1.0], [0.9, 1.0], [0.1, 3.0], [0.9, 3.0]] * 500)  # more than one block
    sums = np.array([0.1 + 1.0 + 0.5, 0.1 + 1.0 + 0.25, 0.1 - 1.0 + 0.25, 0.1 + 1.0 - 0.5, 0.1 - 1.0 - 0.5] * 500)
    assert np.allclose(trees.predict(rows), 1 / (1 + np.exp(-sums)))
    assert trees.predict(np.zeros((0, 2))).shape == (0,)


AD_FRAME = (
    '<a href="http://ads.example.net/click?site=news&rand=2753360"> <img src="http://ads.example.net/image?rand=1"'
    ' width="468" height="60" alt="Advertisement"></a>'
)


def test_html_markup_a_renderer_left_in_the_text_is_never_read_nor_the_title():
    # an ad frame's fallback markup, left as text by a renderer, opens the page where a headline would be
    doc = parse(f"{AD_FRAME}\n\n" + page("\n\n".join(PARAGRAPHS)))
    assert doc.title == "Storms breach Kettleby harbour wall in three places"
    assert "href" not in read(doc)
    assert {d.text: d.reason for d in doc.dropped}[AD_FRAME] == MARKUP
    assert AD_FRAME in read(parse(f"{AD_FRAME}\n\n" + page("\n\n".join(PARAGRAPHS)), keep_all=True))


LEAKED_SCRIPT = [
    "<!-- OAS_AD('Top'); //-->",
    "year=now.getFullYear();",
    "document.write(year);",
    'BioMed Central </b></a></font></div>");//-->',
    '/** * set up the namespace */ site.ads = {}; site.ads.zone = "/js/zone.js?2";',
    '"},"sw":{"title":"Spread the Word","text":"Share your message with the world."},"pub":{"title":"Publish"}}; setup();',
]


def test_script_a_renderer_leaked_is_never_read_nor_a_heading():
    # a renderer that did not recognise a page's scripts leaves them as lines of text, between the paragraphs
    body = "\n\n".join(p for pair in zip(PARAGRAPHS, LEAKED_SCRIPT) for p in pair)
    doc = parse(page(body))
    assert all(p in read(doc) for p in PARAGRAPHS)
    reasons = {d.text: d.reason for d in doc.dropped}
    for line in LEAKED_SCRIPT[: len(PARAGRAPHS)]:
        assert line not in read(doc)
        assert reasons[line] == MARKUP
    assert all(line in read(parse(page(body), keep_all=True)) for line in LEAKED_SCRIPT[: len(PARAGRAPHS)])


def test_script_is_dropped_from_a_page_too_short_for_the_model():
    doc = parse(f"{LEAKED_SCRIPT[1]}\n{LEAKED_SCRIPT[2]}\n\n{PARAGRAPHS[0]}")
    assert read(doc) == PARAGRAPHS[0]
    assert {d.reason for d in doc.dropped} == {MARKUP}


def test_image_file_names_a_text_browser_prints_are_not_read_on_a_page_the_model_judges():
    body = "\n\n".join(f"[bullet_arrow.gif] {p}" for p in PARAGRAPHS)
    doc = parse(page(body, title="[blank.gif] Storms breach Kettleby harbour wall in three places"))
    assert all(p in read(doc) for p in PARAGRAPHS)
    assert ".gif" not in read(doc)
    assert doc.title == "Storms breach Kettleby harbour wall in three places"


def test_a_byline_is_found_through_an_image_stand_in():
    doc = parse(page("\n\n".join(PARAGRAPHS)).replace("By Morag Innes", "By Morag Innes [writer_rss.gif]"))
    assert doc.author == "Morag Innes"
    assert "Morag" not in read(doc)


def test_a_sentence_that_mentions_a_tag_is_not_markup():
    assert is_markup('<a href="x.html"> <img src="x.png" alt="x"></a>')
    assert not is_markup("<b>Bold</b> words are louder.")
    assert not is_markup("Use the <div> element to group the parts of a page.")
    assert not is_markup("<<< Back to the front page")


def test_prose_with_brackets_semicolons_or_an_api_name_is_not_script():
    for line in LEAKED_SCRIPT:
        assert is_markup(line), line
    for prose in (
        "Elisabeth Shue, Amy Irving, Dylan Baker. 101 min. Widescreen (Enhanced);",
        "{Swoon.}",
        "See window.location for the address of the page.",
        "Call print() to see it;",
        'He wrote "use <b> tags" and left (quietly).',
        "Descriptors: Academic Achievement; Attendance; Educational Environment; Elementary Schools",
        'Set class="wide" on the table to let it fill the page.',
        "Node.js (the server runtime) calls it first.",
    ):
        assert not is_markup(prose), prose


def test_a_tags_attributes_or_a_scripts_calls_cut_off_by_a_line_break_are_markup():
    # A converter wraps a script's document.write('<IFRAME ...>') across lines: its middle lines were the title.
    for line in (
        'HEIGHT="250" MARGINWIDTH="0" MARGINHEIGHT="0" HSPACE="0" VSPACE="0"',
        "Math.abs(Math.round ( Math.abs((Math.round ( Math.abs((((Math.round (",
    ):
        assert is_markup(line), line


def test_a_long_line_of_name_like_runs_is_judged_in_linear_time():
    # The attribute pattern ran from every letter of "x:x:x:…" to the line's end: 80 KB took about 15 s.
    started = time.perf_counter()
    for line in ("x:" * 40_000, "a:b" * 27_000, 'x:x="1" ' * 9_000):
        is_markup(line)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"took {elapsed:.2f}s"
    assert is_markup('x:x="1" ' * 9_000)
