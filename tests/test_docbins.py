"""DocBins packed with srsly's codec lookups held for the block: the same bytes, and srsly as it was after."""
import zlib

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


def test_letter_docbin_packs_what_docbin_packs(nlp):
    """LetterDocBin.add keeps the same strings and bytes as DocBin.add: on letters (spans, entities,
    user data), on a Doc with tags, lemmas, morphology and dependencies set by hand, and on an empty one."""
    from spacy.tokens import Doc

    from imr_nlp.docbins import COMPRESSION, LetterDocBin

    tagged = Doc(nlp.vocab, words=["She", "walks", "daily"], tags=["PRP", "VBZ", "RB"], lemmas=["she", "walk", "daily"],
                 morphs=["Case=Nom|Person=3", "Number=Sing", ""], heads=[1, 1, 1], deps=["nsubj", "ROOT", "advmod"])
    tagged.ents = [tagged.char_span(10, 15, label="FREQUENCY", kb_id="Q7", span_id="every_day")]
    docs = list(nlp.pipe(read(p) for p in LETTERS)) + [tagged, nlp.make_doc("")]
    plain, ours = DocBin(store_user_data=True), LetterDocBin(store_user_data=True)
    for doc in docs:
        plain.add(doc)
        ours.add(doc)
    assert ours.strings == plain.strings
    # the same message, compressed at COMPRESSION instead of zlib's default
    assert ours.to_bytes() == zlib.compress(zlib.decompress(plain.to_bytes()), COMPRESSION) != plain.to_bytes()
    back = list(DocBin().from_bytes(ours.to_bytes()).get_docs(nlp.vocab))
    assert [d.to_json() for d in back] == [d.to_json() for d in docs]
    empty = LetterDocBin(store_user_data=True)
    assert zlib.decompress(empty.to_bytes()) == zlib.decompress(DocBin(store_user_data=True).to_bytes())
