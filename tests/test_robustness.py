"""Random and mutated letters: no exception escapes the pipeline and every offset slices the input."""
import jsonschema
from hypothesis import HealthCheck, given, settings, strategies as st

from imr_nlp.records import build_record, schema
from conftest import LETTERS, SYNTHETIC, read

TEXTS = [read(p) for p in LETTERS + SYNTHETIC]
HTML = ["<script>alert(1)</script>", "<b>Upheld</b>", "&amp;", "</div>", "<!-- : Overturned -->"]


@st.composite
def mutated_letters(draw):
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "shuffle", "unicode", "html", "truncate", "duplicate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i : i + draw(st.integers(1, 20))]
        elif op == "shuffle":
            block = lines[i : i + 30]
            lines[i : i + 30] = draw(st.permutations(block))
        elif op == "unicode":
            lines.insert(i, draw(st.text(max_size=40)))
        elif op == "html":
            lines[i] = lines[i] + draw(st.sampled_from(HTML))
        elif op == "truncate":
            lines = lines[:i]
        else:
            lines[i:i] = lines[i : i + 15]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(mutated_letters(), st.text(max_size=300)))
def test_pipeline_never_raises_and_offsets_slice(nlp, text):
    record = build_record(nlp(text), id="x", source="", text=text)
    jsonschema.validate(record, schema())
    for entity in record["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    for decision in record["decisions"]:
        assert 0 <= decision["start"] < decision["end"] <= len(text)
