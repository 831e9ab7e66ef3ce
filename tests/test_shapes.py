"""Problems and services found by their shape, on sentences written in the shapes the lexicons
missed on unseen letters: symptoms with severity and site, findings stated as conditions, medical
endings, generic services with their modifiers, and the words that are no such entity."""
import pytest

from letters import fdl_letter, summary_entities


def spans(nlp, sentence: str, label: str) -> list[str]:
    return [s.text for s in summary_entities(nlp, sentence, label)]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("She reported constant severe right elbow pain and tingling.", ["constant severe right elbow pain", "tingling"]),
        ("There were muscle spasms and decreased range of motion.", ["muscle spasms", "decreased range of motion"]),
        ("He complained of pain in the left forearm bilaterally.", ["pain in the left forearm bilaterally"]),
        ("There was tenderness to the lumbar paraspinal muscles.", ["tenderness to the lumbar paraspinal muscles"]),
        ("The MRI showed mild tenosynovitis and a partial thickness tear.", ["mild tenosynovitis", "partial thickness tear"]),
        ("She has nerve root compromise and post-traumatic headaches.", ["nerve root compromise", "post-traumatic headaches"]),
        ("The pain radiates to the ankle.", ["pain"]),
    ],
    ids=["severity_site_side", "finding_as_condition", "site_after", "tenderness_to", "ending_and_extent",
         "compound_heads", "radiation_is_no_site"],
)
def test_problems_by_shape(nlp, sentence, expected):
    assert spans(nlp, sentence, "DIAGNOSIS") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("He sustained an industrial injury and was referred to pain management.", []),
        ("The treatment plan was reviewed and the medication list was updated.", []),
    ],
    ids=["claim_and_specialty", "plan_and_list"],
)
def test_words_that_are_no_problem(nlp, sentence, expected):
    assert spans(nlp, sentence, "DIAGNOSIS") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Treatment has included conservative care and oral medications.", ["Treatment", "conservative care", "oral medications"]),
        ("She had a preoperative EKG and EMG studies.", ["preoperative EKG", "EMG studies"]),
        ("He underwent a left carpal tunnel neurolysis.", ["neurolysis"]),
        ("The treatment plan was reviewed and the medication list was updated.", []),
    ],
    ids=["generic_with_modifier", "lexicon_term_widened", "procedure_ending", "plan_and_list"],
)
def test_services_by_shape(nlp, sentence, expected):
    assert spans(nlp, sentence, "TREATMENT") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("She takes Diazepam (Valium) 5mg, quantity 10 at night.", ["Diazepam (Valium) 5mg, quantity 10"]),
        ("A cream of Capsaicin 0.025%, 120 grams #1 was dispensed.", ["Capsaicin 0.025%, 120 grams #1"]),
        ("He stopped Tylenol (caused nausea) last year.", ["Tylenol"]),
    ],
    ids=["brand_strength_quantity", "decimal_percent_amount", "remark_is_no_detail"],
)
def test_medication_with_its_details(nlp, sentence, expected):
    assert spans(nlp, sentence, "MEDICATION") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Guidelines allow 9-10 visits over 8 weeks.", [("9-10 visits over 8 weeks", {"weeks": 8, "sessions": 10})]),
        ("She takes it once a day.", [("once a day", {"per_week": 7})]),
        ("On 11/02/2016 requested physical therapy was denied; the 2016 office visit was noted.", []),
    ],
    ids=["visits_over_weeks", "once_a_day", "a_year_counts_nothing"],
)
def test_frequencies(nlp, sentence, expected):
    assert [(s.text, s._.frequency) for s in summary_entities(nlp, sentence, "FREQUENCY")] == expected


def test_ages_of_the_patient_not_of_past_events(nlp):
    text = fdl_letter(("Physical therapy 6 sessions", "MTUS", "MTUS", "The patient is a 61-year-old female; therapy is not necessary."),
                      summary="The injured worker is a 61 year old female. She had seizures at 4 years old and migraines since 12 years old.")
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans["imr_entities"] if s.label_ in ("AGE", "SEX")] == [
        ("61", "AGE"), ("female", "SEX"), ("61", "AGE"), ("female", "SEX")]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("A physical examination showed tenderness; six acupuncture visits were requested.", ["acupuncture"]),
        ("She had a Pre-operative EKG.", ["Pre-operative EKG"]),
    ],
    ids=["exam_and_visits", "hyphenated_modifier"],
)
def test_services_keep_their_own_spans(nlp, sentence, expected):
    assert spans(nlp, sentence, "TREATMENT") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a bare generic head that names care given or proposed
        ("Prior treatments were not noted; treatment to date included stretching.", ["treatments", "treatment", "stretching"]),
        ("Requested treatments include a follow-up and a reassessment after fading of treatment to a home program.",
         ["treatments", "follow-up", "reassessment", "treatment", "home program"]),
        ("Guidelines do not support this therapy without a home directed therapy program.", ["therapy", "home directed therapy program"]),
        # ... but not the request, the act of treating, or a modifier of another noun
        ("The requested treatment is for the treatment of neck pain per the treatment guidelines.", []),
        # "treatment" adds nothing after a service noun; after an adjective it is the service
        ("She had physical therapy treatment and acupuncture treatments, then chiropractic treatment.",
         ["physical therapy", "acupuncture", "chiropractic treatment"]),
    ],
    ids=["bare_heads", "requested_follow_up_reassessment", "reference_back", "request_act_modifier", "after_service_noun"],
)
def test_generic_service_heads(nlp, sentence, expected):
    assert spans(nlp, sentence, "TREATMENT") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # degree words joined by to/and/or before the head; site adjectives are two problems
        ("She has moderate to severe pain and a small to moderate joint effusion.",
         ["moderate to severe pain", "small to moderate joint effusion"]),
        ("He had mild and intermittent headaches.", ["mild and intermittent headaches"]),
        # heads of the problem class beyond the first letters: failure, imbalance, dependency, flare-ups
        ("Labs showed acute renal failure; he reported imbalance, opioid dependency and an acute flare-up.",
         ["acute renal failure", "imbalance", "opioid dependency", "acute flare-up"]),
        ("She noted long-term breakthrough pain and adverse side effects.", ["long-term breakthrough pain", "adverse side effects"]),
        # degree adverbs and the time of an operation qualify; "acute or chronic" names two problems
        ("Opioids are not advised for acute or chronic pain. MRI showed moderately severe thickening and a broad "
         "based disc bulge; perioperative blood loss was low.",
         ["chronic pain", "moderately severe thickening", "broad based disc bulge", "perioperative blood loss"]),
    ],
    ids=["coordinated_degree_words", "and_between_degrees", "more_problem_heads", "more_modifiers", "adverbs_and_course"],
)
def test_problem_shapes_beyond_the_first_letters(nlp, sentence, expected):
    assert spans(nlp, sentence, "DIAGNOSIS") == expected


def test_region_adjective_before_a_structure_is_part_of_it(nlp):
    """"cervical paravertebral muscles" is one part; "cervical and lumbar spine" stays the lumbar
    spine (an adjective alone is no BODY_PART)."""
    sentence = "There was spasm of the cervical paravertebral muscles and the lumbar paraspinal muscles; the cervical and lumbar spine were stiff."
    assert spans(nlp, sentence, "BODY_PART") == ["cervical paravertebral muscles", "lumbar paraspinal muscles", "lumbar spine"]
