"""Rule data (spaCy pattern JSONL and lexicon JSON) shipped with imr_nlp."""
