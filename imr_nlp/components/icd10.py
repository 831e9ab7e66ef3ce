"""``span._.icd10`` on every DIAGNOSIS: the ICD-10-CM code its words state (see ``imr_nlp.icd10``)."""

from spacy.language import Language
from spacy.tokens import Doc

from ..icd10 import code_for
from .. import groups
from .state import JsonState
from ..lexicons import read_lexicon


@Language.factory("imr_icd10", default_config={"table": "icd10.json", "spans_key": "imr_entities"})
class ICD10(JsonState):
    """Sets ``span._.icd10`` on the DIAGNOSIS spans of ``spans_key`` (codes cached per text)."""

    state_file = "icd10.json"

    def __init__(self, nlp: Language, name: str, *, table: str, spans_key: str) -> None:
        self.name = name
        self.table_file = table
        self.spans_key = spans_key
        self.table: dict = {}
        self.cache: dict[str, str | None] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.table = read_lexicon(self.table_file)
        self.cache = {}

    def __call__(self, doc: Doc) -> Doc:
        if not self.table:
            return doc
        for span, label in groups.labelled(doc, self.spans_key):
            if label == "DIAGNOSIS":
                text = " ".join(span.text.lower().split())
                if text not in self.cache:
                    self.cache[text] = code_for(text, self.table)
                span._.icd10 = self.cache[text]
        return doc

    def get_state(self):
        return self.table

    def set_state(self, state) -> None:
        self.table, self.cache = state, {}
