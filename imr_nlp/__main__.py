from imr_nlp.cli import app

app(prog_name="python -m imr_nlp")
