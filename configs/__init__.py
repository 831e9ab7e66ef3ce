"""spaCy configs shipped with imr_nlp."""
