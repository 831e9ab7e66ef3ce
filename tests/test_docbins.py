"""DocBins packed with srsly's codec lookups held for the block: the same bytes, and srsly as it was after."""
from spacy.tokens import DocBin
from srsly.msgpack import msgpack_decoders, msgpack_encoders

from conftest import LETTERS, read
from imr_nlp.docbins import packing_without_rescans


def test_packing_without_rescans_packs_the_same_bytes(nlp):
    docs = list(nlp.pipe(read(p) for p in LETTERS[:2]))
    plain = DocBin(store_user_data=True)
    for doc in docs:
        plain.add(doc)
    with packing_without_rescans():
        assert "get_all" in vars(msgpack_encoders)
        with packing_without_rescans():  # nested: the outer block keeps its held lookups
            held = DocBin(store_user_data=True)
            for doc in docs:
                held.add(doc)
        assert "get_all" in vars(msgpack_encoders)
        packed = held.to_bytes()
        back = list(DocBin().from_bytes(packed).get_docs(nlp.vocab))
    assert packed == plain.to_bytes()
    assert "get_all" not in vars(msgpack_encoders) and "get_all" not in vars(msgpack_decoders)
    assert [d.to_json() for d in back] == [d.to_json() for d in docs]
    assert [d.user_data for d in back] == [d.user_data for d in DocBin().from_bytes(plain.to_bytes()).get_docs(nlp.vocab)]
