"""The error messages imr_nlp reports, in one place (after spaCy's ``spacy/errors.py``).

Each message says what is wrong and, where there is one, the fix.
"""


class Errors:
    E001 = "Input not found: {path}. Give .txt, .pdf or .jsonl files, folders of them, or a glob."
    E002 = "Empty input: the file has no text."
    E003 = "Binary data, not text ({detail}). Give the letter as .txt or .pdf."
    E004 = "Line {line} is not a JSON object with a string \"text\": {detail}."
    E005 = "Output folder {path} is not empty. Use --force to overwrite it, or --resume to continue an interrupted run."
    E006 = "Unsupported input type {suffix!r}: give .txt, .pdf or .jsonl files."
    E007 = "Annotation failed: {detail}."
    E008 = "--split must be between 0 and 1 (exclusive), got {value}."
    E009 = "Could not read the file: {detail}."
    E010 = "Encrypted PDF that opens only with a password. Remove the password (for example with qpdf --decrypt) and retry."
    E011 = "PDF without a text layer (image-only or scanned): run OCR on it first (for example ocrmypdf), then retry."
    E012 = "Not a readable PDF: {detail}."
    E013 = "Input too large: {size} characters, over the limit of {limit}. An IMR letter is far shorter; split the file, or raise --max-length."
    E014 = "Nothing to resume in {path}: no interrupted run was found there."
    E015 = "No file matches {pattern!r}."
    E016 = "The inputs differ from those of the interrupted run in {path}: resume with the same inputs, or start again with --force."
    E017 = "No input: give files, folders or globs, or --from-list FILE."
    E018 = "Unknown --engine {engine!r}: use local or dask."
    E019 = "No analyst tables in {path}: annotate writes them there (tables/ in its --out folder). Annotate the letters again with this version, then run report on that folder."
    E020 = "Report folder {path} is not empty. Use --force to overwrite the report in it."
    E021 = "Could not read the tables in {path}: {detail}. If a file is damaged, annotate the letters again to rewrite them."
    E022 = "Could not read {path}: {detail}. Give the folder annotate wrote (it holds records.jsonl)."
    E023 = "The text of {id} read from {source} no longer matches its record: annotate it again, then export."
    E024 = "Not a Label Studio JSON export: {path} ({detail}). In Label Studio, export the project as JSON."
    E025 = "Unknown label {label!r} in task {id}: create the project from the config.xml that labelstudio export wrote."
    E026 = "No training data: give --data (an annotate --split folder) or both --train and --dev."
