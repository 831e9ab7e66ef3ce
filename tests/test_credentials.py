"""Reviewer credentials read as lists: every listed board, known to the lexicon or not."""
import pytest

from imr_nlp.records import build_record

OPENING = (
    "HOW THE IMR FINAL DETERMINATION WAS MADE\n\nMAXIMUS Federal Services sent the complete case file to an "
    "expert reviewer.\n\nThe Expert Reviewer has the following credentials:\n"
)
SUMMARY = "\n\nCLINICAL CASE SUMMARY\n\nThe injured worker is a 50 year-old male.\n"


def reviewer(nlp, credentials: str) -> dict:
    text = OPENING + credentials + SUMMARY
    return build_record(nlp(text), id="t", source="t", text=text)["reviewer"]


@pytest.mark.parametrize(
    "credentials,licensure,specialties",
    [
        # a board the lexicon lacks is kept as written, after a known one
        ("State(s) of Licensure: Oregon\nCertification(s)/Specialty: Physical Medicine & Rehabilitation, "
         "Lifestyle and Culinary Medicine", ["Oregon"], ["Physical Medicine & Rehabilitation", "Lifestyle and Culinary Medicine"]),
        # a list wrapped after a connector, and after a word
        ("State(s) of Licensure: Texas,New York\nCertification(s)/Specialty: Preventive Medicine, Public Health &\n"
         "General Preventive Medicine", ["Texas", "New York"], ["Preventive Medicine", "Public Health & General Preventive Medicine"]),
        ("State(s) of Licensure: Ohio\nCertification(s)/Specialty: Neurology, Clinical Neurophysiology, Brain\n"
         "Injury Medicine", ["Ohio"], ["Neurology", "Clinical Neurophysiology", "Brain Injury Medicine"]),
        # variants merge into one name; a slip of the PDF is forgiven
        ("State(s) of Licensure: Nevada\nCertification(s)/Specialty: Family Practice, Orthopaedic Surgery, Sports Medicinea",
         ["Nevada"], ["Family Medicine", "Orthopedic Surgery", "Sports Medicine"]),
    ],
)
def test_credentials_are_lists(nlp, credentials, licensure, specialties):
    assert reviewer(nlp, credentials) == {"licensure": licensure, "specialties": specialties}


def test_credentials_in_prose(nlp):
    text = ("The independent Physician Reviewer who reviewed this case is Board Certified in Nuclear Cardiology, "
            "has a subspecialty in Interventional Cardiology and is licensed to practice in Arizona and Utah.")
    assert reviewer(nlp, text) == {"licensure": ["Arizona", "Utah"], "specialties": ["Nuclear Cardiology", "Interventional Cardiology"]}
