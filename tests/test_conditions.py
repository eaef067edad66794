"""Clinically right for every handout: each condition's own content, red flags, contacts in the boxes,
one message on tingling and timing, the leaflet's wording and the seed exercises (issue 11)."""

from __future__ import annotations

import io

import pytest
from conftest import PLANS, SAMPLE_PLAN, pdf_text
from pypdf import PdfReader

from handouts.check.library import load_library
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

LIBRARY = load_library("en")
# Exercises that are not about the neck, by the region they work: a handout of these has no reason to say "neck".
NOT_NECK = {"low-back-spasm": ["knees-to-chest", "pelvic-tilt", "slow-breathing"],
            "upper-back-spasm": ["shoulder-blade-squeeze", "shoulder-rolls", "doorway-chest-stretch"],
            "desk-posture": ["shoulder-blade-squeeze", "doorway-chest-stretch", "arm-swings"]}


def one_line(text: str) -> str:
    return " ".join(text.split())


def build_text(write_plan, plan: dict, name: str = "plan.yaml") -> str:
    return one_line(pdf_text(pdf_bytes(load_plan(write_plan(plan, name)))))


def leaflet(condition: str, **more) -> dict:
    return {"condition": condition, "exercises": NOT_NECK.get(condition, ["chin-tuck"]),
            "thermal": {"ice": {"minutes": 20, "every_hours": 2, "days": 2},
                        "heat": {"minutes": 20, "per_day": 4, "days": 4}},
            "advice": "standard", "warnings": "standard", **more}


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


# -- 1. conditions as data --------------------------------------------------------------------------------

def test_every_condition_brings_title_intro_source_advice_and_both_tiers_of_warning_signs():
    assert set(LIBRARY.conditions) >= {"neck-spasm", "upper-back-spasm", "low-back-spasm", "desk-posture"}
    for condition in LIBRARY.conditions.values():
        assert condition.title and condition.intro and condition.source and condition.advice
        assert {sign.tier for sign in condition.warnings} == {"urgent", "call"}, condition.id


@pytest.mark.parametrize("condition", sorted(NOT_NECK))
def test_a_handout_for_another_condition_never_says_neck(write_plan, condition):
    text = build_text(write_plan, leaflet(condition))
    assert LIBRARY.conditions[condition].title in text  # a leaflet's title comes from its condition
    assert "neck" not in text.lower()


@pytest.mark.parametrize("condition", sorted(LIBRARY.conditions))
def test_each_condition_s_starting_program_prints_in_both_languages_and_stays_on_its_body_part(write_plan, condition):
    program = LIBRARY.conditions[condition].program
    assert 4 <= len(program) <= 6 and len(set(program)) == len(program)
    regions = {region for ident in program for region in LIBRARY.exercises[ident].regions}
    assert ("neck" in regions) == (condition in ("neck-spasm", "desk-posture"))  # desk work strains the neck too
    for language in ("en", "es"):
        assert load_library(language).conditions[condition].program == program  # the English file's, translated
        text = build_text(write_plan, leaflet(condition, exercises=list(program), language=language))
        titles = [text.index(one_line(load_library(language).exercises[ident].title)) for ident in program]
        assert titles == sorted(titles)
    if "neck" not in regions:
        assert "neck" not in build_text(write_plan, leaflet(condition, exercises=list(program))).lower()


def test_the_low_back_leaflet_in_the_examples_is_for_the_low_back():
    plan = load_plan(PLANS / "leaflets" / "low-back-spasm.yaml")
    assert plan.condition.id == "low-back-spasm"
    assert plan.title == "Easing a low-back muscle spasm at home"
    assert plan.warnings == LIBRARY.conditions["low-back-spasm"].warnings


def test_a_plan_without_a_condition_is_for_neck_spasm_as_before(write_plan):
    plan = load_plan(write_plan({"exercises": ["neck-tilt"]}))
    assert plan.condition.id == "neck-spasm" and plan.title == "Easing a neck muscle spasm at home"


def test_a_plan_title_wins_over_the_condition_title(write_plan):
    assert load_plan(write_plan(leaflet("low-back-spasm", title="Back care"))).title == "Back care"


def test_standard_advice_and_warnings_are_the_condition_s_sets(write_plan):
    plan = load_plan(write_plan(leaflet("upper-back-spasm")))
    condition = LIBRARY.conditions["upper-back-spasm"]
    assert plan.advice == condition.advice and plan.warnings == condition.warnings


# -- 2. red flags --------------------------------------------------------------------------------------

RED_FLAGS = {
    "neck-spasm": {
        "urgent": ["A sudden, very bad headache or neck pain, worse than any you have had before.",
                   "Trouble talking or swallowing, seeing double, or one side of your face drooping.",
                   "Or you suddenly feel dizzy, fall or faint.",
                   "Weakness in both arms, or in your legs.", "A fever with a stiff neck and a headache",
                   "A fever along with your neck pain.",
                   "Numbness, tingling or weakness that spreads down your arm or into both arms",
                   "You can't pee, you can't feel when you need to pee or poop, or you leak and can't stop it."],
        "urgent_more": [("Pain or tightness in your chest, or pain that spreads to your jaw or left arm. "
                        "You may also sweat, feel sick or be short of breath.")],
        "call": ["You have had cancer before and this pain is new. Or you lose weight, or sweat a lot at night",
                 "A cramp (spasm) that locks and does not ease at all after an hour or two",
                 "Spasms that come back more often, after the first week of these exercises."],
    },
    "low-back-spasm": {
        "urgent": ["Numbness around your bottom, between your legs or in your private parts",
                   "You can't pee, you can't feel when you need to pee or poop, or you leak and can't stop it.",
                   "Pain, numbness or weakness in both legs.", "A weak leg or foot",
                   "Very bad pain after a fall, a car crash or a hard hit.",
                   "A fever with your back pain, or you feel hot and shivery.",
                   "Numbness when you wipe your bottom after you use the toilet.",
                   "You can't get or keep an erection and this is new. Or you feel numb during sex.",
                   "Or after a small fall if you have thin bones or have taken steroid pills for a long time.",
                   "This is more serious if you have taken steroid pills for a long time. Or if you have a weak immune system."],
        "call": ["Pain that spreads down your leg, below your knee.", "Pain that wakes you up at night.",
                 "A cramp (spasm) that locks and does not ease at all after an hour or two"],
    },
    "upper-back-spasm": {
        "urgent": ["Pain or tightness in your chest, or trouble breathing.",
                   "Or back pain with sweating, feeling sick, or pain in your arm or jaw.",
                   "Numbness or weakness in your legs, or new trouble walking.",
                   "A fever with your back pain, or you feel hot and shivery.",
                   ("Sudden, very bad pain in your chest or between your shoulder blades. It feels like tearing "
                   "or ripping."),
                   "Pain that starts suddenly and is the worst you have ever had."],
        "call": ["Pain that wakes you up at night.",
                 "Spasms that come back more often, after the first week of these exercises."],
    },
    "desk-posture": {
        "urgent": ["Numbness, tingling or weakness that spreads down your arm or into both arms",
                   "Pain or tightness in your chest, or trouble breathing."],
        "call": ["Pain that wakes you up at night.", "Your pain is no better after two weeks of exercises."],
    },
}
# The neck's stroke and artery signs, which a desk program prints only when it has a neck exercise.
NECK_ONLY = ["A sudden, very bad headache or neck pain, worse than any you have had before.",
             "Trouble talking or swallowing, seeing double, or one side of your face drooping."]


@pytest.mark.parametrize("condition", sorted(RED_FLAGS))
def test_each_condition_prints_its_red_flags_in_the_right_box(write_plan, condition):
    text = build_text(write_plan, leaflet(condition))
    urgent = between(text, "Get medical help now if you have:", "Call your therapist or doctor today if you have:")
    call = text[text.index("Call your therapist or doctor today if you have:"):]
    for flag in RED_FLAGS[condition]["urgent"] + RED_FLAGS[condition].get("urgent_more", []):
        assert flag in urgent and flag not in call, flag
    for flag in RED_FLAGS[condition]["call"]:
        assert flag in call and flag not in urgent, flag


@pytest.mark.parametrize("condition", sorted(LIBRARY.conditions))
def test_no_handout_prints_a_sign_only_another_condition_has(write_plan, condition):
    text = build_text(write_plan, leaflet(condition))
    own = {sign.id for sign in LIBRARY.conditions[condition].warnings}
    others = {sign for other in LIBRARY.conditions.values() for sign in other.warnings + other.neck_warnings
              if sign.id not in own}
    assert others  # every condition has signs that are not its own
    for sign in others:
        assert one_line(sign.text) not in text, (condition, sign.id)


def test_a_desk_program_with_a_neck_exercise_prints_the_neck_s_stroke_and_artery_signs(write_plan):
    with_neck = build_text(write_plan, leaflet("desk-posture", exercises=["chin-tuck", "arm-swings"]))
    urgent = between(with_neck, "Get medical help now if you have:", "Call your therapist or doctor today")
    without = build_text(write_plan, leaflet("desk-posture"))
    for flag in NECK_ONLY:
        assert flag in urgent and flag not in without, flag


def test_no_call_sign_is_met_just_by_having_the_spasm():
    # Beside "most people feel much better within 4 to 6 weeks", a call sign must be about this program going wrong.
    texts = " ".join(sign.text for sign in LIBRARY.warnings.values() if sign.tier == "call")
    for words in ("does not let go after an hour or two", "for more than a few days"):
        assert words not in texts, words


# -- 3. contacts inside the boxes ----------------------------------------------------------------------------

def test_the_urgent_box_names_the_layout_s_emergency_number(write_plan, tmp_path):
    (tmp_path / "uk.yaml").write_text('extends: default\nemergency_number: "999"\n', encoding="utf-8")
    text = build_text(write_plan, leaflet("neck-spasm", layout="uk.yaml"))
    urgent = between(text, "Get medical help now", "Call your therapist or doctor")
    assert "Call 999 or go to the emergency room now." in urgent


def test_without_an_emergency_number_the_urgent_box_says_what_to_do_all_the_same(write_plan):
    urgent = between(build_text(write_plan, leaflet("neck-spasm")), "Get medical help now", "Call your therapist")
    assert "Call an ambulance or go to the emergency room now." in urgent


def test_a_layout_emergency_number_must_be_a_number(write_plan, tmp_path, run):
    (tmp_path / "bad.yaml").write_text("extends: default\nemergency_number: call us\n", encoding="utf-8")
    result = run("check", write_plan(leaflet("neck-spasm", layout="bad.yaml")))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'bad.yaml'}:2:19: emergency_number: 'call us' is not a phone number")


def fonts_of(data: bytes, words: str) -> set[tuple[str, float]]:
    """The (font, size) pairs that print `words` anywhere in the PDF."""
    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if words in text:
                found.add((font["/BaseFont"] if font else None, round(size * tm[0], 1)))
        page.extract_text(visitor_text=visit)
    return found


def test_the_call_box_prints_the_clinic_s_phone_in_body_size_bold(write_plan):
    data = pdf_bytes(load_plan(write_plan(leaflet("neck-spasm"))))
    text = one_line(pdf_text(data))
    call = text[text.index("Call your therapist or doctor today if you have:"):]
    assert "Harbor Point Physical Therapy: (555) 014-2290" in call
    body = load_plan(write_plan(leaflet("neck-spasm"))).layout.sizes["body"]
    assert any(font.endswith("DejaVuSans-Bold") and size == body for font, size in fonts_of(data, "(555) 014-2290"))


# -- 4. one message on tingling and timing -----------------------------------------------------------------

def test_every_exercise_says_the_same_about_tingling():
    for exercise in LIBRARY.exercises.values():
        for line in exercise.cautions:
            if "tingl" in line or "numb" in line:
                assert "stop" in line.lower() and "call your therapist" in line, (exercise.id, line)
    assert "stop the exercise and call your therapist" in LIBRARY.strings["exercises_intro"]


def test_how_long_it_takes_is_printed_once(sample_text):
    assert sample_text.count("within 4 to 6 weeks") == 1
    assert "4 to 8 weeks" not in sample_text


def test_going_easy_and_a_spasm_that_does_not_ease_do_not_read_as_the_same_time(sample_text):
    # "Rest a day or two" is about the days after it starts; "an hour or two" is about one spasm.
    assert "Go easy for a day or two while the pain settles." in sample_text
    assert "Some soreness for a few days is normal." in sample_text
    assert "A cramp (spasm) that locks and does not ease at all after an hour or two, even with rest and ice or " \
           "heat." in sample_text


@pytest.fixture(scope="module")
def sample_text() -> str:
    return one_line(pdf_text(pdf_bytes(load_plan(SAMPLE_PLAN))))


# -- 6. what the sources advise ------------------------------------------------------------------------------

def test_the_neck_handout_has_the_sources_advice(sample_text):
    for words in ("Do not wear a neck collar unless a doctor gives you one",
                  "Ask your doctor or pharmacist which pain medicine is safe for you",
                  "Mild soreness after your exercises is normal if it fades within a day",
                  "Do not drive until you can turn your head to check over your shoulder",
                  "Keep a note of each spasm"):
        assert words in sample_text, words


def test_the_log_page_gains_a_spasm_diary(write_plan):
    text = build_text(write_plan, {"patient": {"name": "Ann"}, "exercises": ["neck-tilt"], "log": True})
    diary = text[text.index("Your spasm diary"):]
    for column in ("Day and time", "How long it lasted", "What you were doing", "What helped"):
        assert column in diary


# -- 7. leaflet wording ------------------------------------------------------------------------------------------

def test_a_leaflet_speaks_to_anyone_who_picks_it_up(write_plan):
    text = build_text(write_plan, leaflet("neck-spasm", notes="Ask at the desk for a heat pack."))
    for words in ("chosen for you", "chose these exercises for you", "Notes from your therapist", "do not share",
                  "About this handout"):
        assert words.lower() not in text.lower(), words
    assert "Notes Ask at the desk for a heat pack." in text
    assert "About this leaflet This leaflet gives general advice." in text


def test_a_patient_handout_keeps_its_personal_wording(sample_text):
    assert "Notes from your therapist" in sample_text and "Your therapist chose these exercises for you" in sample_text


# -- 8. next visit and roster notes -----------------------------------------------------------------------------

def test_the_next_visit_prints_on_page_one():
    first = PdfReader(io.BytesIO(pdf_bytes(load_plan(SAMPLE_PLAN)))).pages[0].extract_text()
    assert "Next visit" in first and "Thu 3 Dec" in first


def test_a_next_visit_before_the_handout_is_a_warning(write_plan):
    from handouts.check.clinical import warnings_for

    plan = load_plan(write_plan({"date": "2026-11-24", "next_visit": "2026-10-03", "exercises": ["neck-tilt"]}))
    assert [(p.where, p.message) for p in warnings_for(plan)] == [
        ("next_visit", "2026-10-03 is before the handout's date 2026-11-24; check the year and month")]


def test_roster_rows_carry_their_own_notes_and_next_visit(run, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,exercises,notes,next_visit\n"
                      'Ann Lee,neck-tilt,"Walk each day.\nCall if worse.",2026-12-03\n'
                      "Bo Chan,neck-turn,,\n", encoding="utf-8")
    result = run("batch", roster, "--template", PLANS / "roster-template.yaml", "-o", tmp_path / "out",
                 "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    ann = one_line(pdf_text(tmp_path / "out" / "ann-lee.pdf"))
    bo = one_line(pdf_text(tmp_path / "out" / "bo-chan.pdf"))
    assert "Walk each day. Call if worse." in ann and "Thu 3 Dec" in ann
    assert "Do your exercises slowly and gently, as the pictures show." in bo and "Next visit" not in bo


def test_a_template_note_naming_an_exercise_a_row_lacks_is_a_warning(run, tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text("exercises: [neck-tilt, neck-turn]\nnotes: Start with the neck turn.\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,exercises\nAnn Lee,neck-tilt\nBo Chan,neck-turn\n", encoding="utf-8")
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert "row 2" in result.stderr and "notes: they mention 'Neck turn', which is not among this handout's " \
                                        "exercises" in result.stderr
    assert "row 3" not in result.stderr


def test_the_example_template_carries_no_patient_specific_note():
    plan = load_plan(PLANS / "roster-template.yaml")
    assert plan.patient is None and plan.next_visit is None
    assert not any(exercise.title.lower() in plan.notes.lower() for exercise in LIBRARY.exercises.values())


# -- 9. the five seed exercises follow their source -----------------------------------------------------------------

@pytest.mark.parametrize("ident, hold, reps, per_day, side, step", [
    ("neck-tilt", 5, 5, 3, "none", "lower your chin toward your chest"),
    ("simple-neck-stretch", 15, 3, 3, "each", "Let the weight of your hand bring your chin down toward your right"),
    ("neck-turn", 6, 1, 5, "each", "Keep your jaw level"),
    ("scalene-stretch", 15, 1, 3, "each", "With your left hand, hold your right wrist"),
    ("shoulder-extension", 5, 1, 5, "none", "Draw your shoulders back"),
])
def test_the_seed_exercises_follow_their_source(ident, hold, reps, per_day, side, step):
    exercise = LIBRARY.exercises[ident]
    dosage = exercise.dosage
    assert (dosage.hold_s, dosage.reps, dosage.per_day, dosage.side) == (hold, reps, per_day, side)
    assert any(step in line for line in exercise.steps)


def test_no_two_exercises_are_the_same_stretch():
    assert "levator-scapulae-stretch" not in LIBRARY.exercises  # the same as the simple neck stretch
    titles = [exercise.title.split(" (")[0].lower() for exercise in LIBRARY.exercises.values()]
    assert len(titles) == len(set(titles))


def test_check_reads_a_roster_against_its_template_without_building(run, tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text("exercises: [neck-tilt, neck-turn]\nnotes: Start with the neck turn.\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,exercises,next_visit\nAnn Lee,neck-tilt,\nBo Chan,neck-turn,2026-02-30\n",
                      encoding="utf-8")
    result = run("check", roster, "--template", template)
    assert result.exit_code == 2
    assert f"{roster} row 2: ok (1 warning)" in result.stdout
    assert (f"{roster} row 2: warning: notes: they mention 'Neck turn', which is not among this handout's exercises"
            in result.stderr)
    assert f"{roster} row 3: next_visit: 2026-02-30 is not a real calendar date" in result.stderr
    assert not any(tmp_path.glob("*.pdf"))


# -- 10. dosage and words that fit (issue 22) ------------------------------------------------------------------

@pytest.mark.parametrize("language, once", [("en", "Once"), ("es", "Una vez")])
def test_a_repeat_of_one_prints_as_once(write_plan, language, once):
    # The figures print under their labels (Hold, Repeat, Sets, Times a day, Side): "– Once 1 2 –".
    text = build_text(write_plan, {"language": language, "exercises": [{"id": "walking", "reps": 1}]})
    assert text.count(f"– {once} 1 2 –") == 2  # the at-a-glance row and the card


def test_a_repeat_of_more_than_one_prints_the_number(write_plan):
    text = build_text(write_plan, {"exercises": [{"id": "walking", "reps": 2}]})
    assert text.count("– 2 1 2 –") == 2 and "Once" not in text


def test_a_low_back_handout_says_nothing_about_shoulders_or_neck_in_its_advice(write_plan):
    text = build_text(write_plan, leaflet("low-back-spasm", exercises=["bridge", "walking", "knees-to-chest"]))
    for words in ("roll your shoulders", "look around", "back and neck moving"):
        assert words not in text, words
    assert "Stand up and walk around for a minute or two." in text
    assert "Lie on your back on a bed or a mat on the floor" in text  # the bridge, like knees to chest


def test_the_arm_nerve_glide_is_for_the_symptoms_your_therapist_showed_you():
    assert LIBRARY.exercises["arm-nerve-glide"].purpose.startswith("For arm symptoms, done the way your therapist showed you.")


@pytest.mark.parametrize("words", ["a nivel", "compresa", "farmacia", "en bajo", "tráfico", "maneje",
                                   "Sentado", "Acostado"])
def test_the_spanish_library_uses_the_reviewed_neutral_words(words):
    from conftest import ROOT

    for path in sorted((ROOT / "library" / "es").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert words not in text, (path.name, words)
