"""The error messages imr_nlp reports, in one place (after spaCy's ``spacy/errors.py``)."""


class Errors:
    E001 = "Input not found: {path}. Give .txt or .jsonl files, or folders that contain them."
    E002 = "Empty input: the file has no text."
    E003 = "Could not decode the text as UTF-8: {detail}."
    E004 = "Line {line} is not a JSON object with a string \"text\": {detail}."
    E005 = "Output folder {path} is not empty. Use --force to overwrite it."
    E006 = "Unsupported input type {suffix!r}: give .txt or .jsonl files."
    E007 = "Annotation failed: {detail}."
    E008 = "--split must be between 0 and 1 (exclusive), got {value}."
    E009 = "Could not read the file: {detail}."
