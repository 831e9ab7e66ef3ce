"""Header facts (case number, priority, review dates) in the shapes PDF extraction gives them:
two columns interleaved, the stray Application Received date above or below its label, one field
per line, a table of labels over values, and no header at all."""
import pytest

from imr_nlp.records import build_record
from letters import fdl_letter

BODY = fdl_letter(("Physical therapy 6 sessions", "MTUS", "MTUS", "Not supported."))
FIELDS = ("case_number", "priority", "assigned", "injury", "decision", "utilization_review", "application_received")


def header_facts(nlp, header: str) -> tuple:
    text = header + "\n\n" + BODY
    rec = build_record(nlp(text), id="t", source="t", text=text)
    return (rec["case_number"], rec["priority"], *(rec["dates"][k] for k in FIELDS[2:]))


@pytest.mark.parametrize(
    "header",
    [
        # the stray date line above "Priority" (74 of the 154 development letters)
        "Case Number:  CM15-0101234   \nDate Assigned:  05/04/2015  Date of Injury:   02/11/2014 \n"
        "Decision Date:  06/01/2015  UR Denial Date:   04/20/2015 \n04/28/2015 \nPriority:   Expedited  Application \n"
        "Received:  \n",
        # the stray date line between "Application" and "Received" (the other 78)
        "Case Number:  CM15-0101234   \nDate Assigned:  05/04/2015  Date of Injury:   02/11/2014 \n"
        "Decision Date:  06/01/2015  UR Denial Date:   04/20/2015 \nPriority:   Expedited  Application \n04/28/2015 \n"
        "Received:  \n",
        # one field per line, labels in another order
        "IMR Case No. CM15-0101234\nPriority: Expedited\nDate of Injury: February 11, 2014\n"
        "UR Denial Date: 04/20/2015\nApplication Received: 04/28/2015\nDate Assigned: 05/04/2015\n"
        "Decision Date: 06/01/2015\n",
        # labels on one line, values on the next
        "Case Number: CM15-0101234    Priority: Expedited\n"
        "Date Assigned:   Date of Injury:   Decision Date:   UR Denial Date:   Application Received:\n"
        "05/04/2015       02/11/2014        06/01/2015       04/20/2015        04/28/2015\n",
    ],
    ids=["stray_date_above", "stray_date_inside", "one_per_line", "table"],
)
def test_header_facts_in_every_arrangement(nlp, header):
    assert header_facts(nlp, header) == (
        "CM15-0101234", "expedited", "2015-05-04", "2014-02-11", "2015-06-01", "2015-04-20", "2015-04-28"
    )


def test_missing_application_date_stays_null(nlp):
    header = ("Case Number:  CM16-0000042\nDate Assigned:  11/09/2016  Date of Injury:   10/13/2016\n"
              "Decision Date:  12/09/2016  UR Denial Date:   11/03/2016\nPriority:   Standard  Application\nReceived:\n")
    assert header_facts(nlp, header) == (
        "CM16-0000042", "standard", "2016-11-09", "2016-10-13", "2016-12-09", "2016-11-03", None
    )


def test_letter_without_header_has_null_facts(nlp):
    rec = build_record(nlp(BODY), id="t", source="t", text=BODY)
    assert (rec["case_number"], rec["priority"], rec["dates"]["assigned"], rec["dates"]["decision"],
            rec["dates"]["application_received"]) == (None, None, None, None, None)


def test_2013_letter_date_is_the_decision_date(nlp):
    header = "Dated: 11/26/2013\n\nIMR Case Number: CM13-0000777\nDate of Injury: 3/14/2011\nUR Denial Date: 08/26/2013\n"
    assert header_facts(nlp, header) == (
        "CM13-0000777", None, None, "2011-03-14", "2013-11-26", "2013-08-26", None
    )
