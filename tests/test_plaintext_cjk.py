"""Scraped plain text in Chinese: no spaces between words, its own sentence marks, the same chrome.

The page is written for the test (not from the corpus). Before the reader counted Chinese words, a paragraph
of Chinese was one "word" to every rule and to the model, as short as a menu item, and pages like this one
were read as menus or not at all.
"""

from __future__ import annotations

from reader.document.loaders.plaintext import parse
from reader.document.loaders.unitfeatures import model_text
from reader.text import split_words, word_count

MENU = "首页\n新闻\n体育\n财经\n娱乐\n科技\n登录\n注册\n"
TITLE = "老城区的雨水花园今年夏天首次经受住了暴雨考验"
SOURCE = "来源：江边日报 | 2025年07月18日 09:30"
PARAGRAPHS = [
    "上周三晚上，一场持续三个小时的暴雨袭击了老城区，降雨量超过了过去十年的任何一次记录。"
    "让许多居民意外的是，往年总会积水的几条街道这一次几乎没有积水。",
    "市政部门去年在这些街道两侧修建了二十多个雨水花园。这些花园比路面低一些，种满了耐水的植物，"
    "下雨时可以把屋顶和路面流下来的雨水先存起来，再慢慢渗入地下。",
    "负责这个项目的工程师说，雨水花园的好处不只是防止积水。雨水在土壤中慢慢过滤，"
    "流进河里的污染物也比以前少了很多，附近河段的水质在今年春天已经有了明显的改善。",
    "不过，也有居民担心花园需要长期维护。落叶和垃圾如果堵住了进水口，花园就起不了作用。"
    "市政部门表示，今后每个月都会安排工人清理，并欢迎附近的居民一起参与照看。",
    "明年，市里计划在另外三个街区再修建四十个雨水花园，并在学校里开设相关的课程，"
    "让孩子们了解城市里的雨水是从哪里来、又流到了哪里去。",
]
FOOTER = (
    "相关新闻\n夏季用电高峰即将到来\n江边公园周末举办音乐会\n关于我们\n联系我们\n隐私政策\n版权所有 © 2025 江边日报"
)


def chinese_page() -> str:
    return f"{MENU}\n{TITLE}\n{SOURCE}\n\n" + "\n\n".join(PARAGRAPHS) + f"\n\n{FOOTER}\n"


def read(doc) -> str:
    return "\n".join(b.text for b in doc.blocks)


def test_a_chinese_article_is_read_and_its_footer_is_not():
    doc = parse(chinese_page())
    text = read(doc)
    assert all(p in text for p in PARAGRAPHS)
    for chrome in ("首页", "相关新闻", "关于我们", "隐私政策", "版权所有"):
        assert chrome not in text
    dropped = {d.text for d in doc.dropped}
    assert {"首页", "相关新闻", "隐私政策"} <= dropped  # nothing lost silently


def test_chinese_words_are_counted_two_characters_to_a_word():
    assert split_words("雨水花园") == ["雨水", "花园"]
    assert split_words("今年夏天，GDP 增长了。") == ["今年", "夏天，", "GDP", "增长", "了。"]
    assert word_count(PARAGRAPHS[0]) > 30  # a paragraph, not one "word"
    assert split_words("Rain gardens, explained.") == ["Rain", "gardens,", "explained."]


def test_model_text_gives_chinese_the_shape_of_spaced_words_and_leaves_other_text_alone():
    shaped = model_text("雨水花园很好。下雨时，水先存起来！")
    words = shaped.split()
    assert len(words) == 8 and all(w.strip(".,!").isalpha() and len(w.strip(".,!")) == 4 for w in words)
    assert shaped.endswith("!") and ". " in shaped and ", " in shaped
    assert words[0][0].isupper() and words[1].islower()  # a sentence starts upper case, as in English
    assert model_text("雨水") == model_text("雨水")  # the same pair, the same word
    assert model_text("雨水花园").split()[0] != model_text("花园雨水").split()[0]
    english = "Rain gardens, explained: a guide (2025)."
    assert model_text(english) is english
