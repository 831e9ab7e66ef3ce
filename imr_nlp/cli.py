"""The imr_nlp command line: ``python -m imr_nlp annotate ...``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="imr_nlp",
    help="Annotate California workers' compensation IMR Final Determination Letters with spaCy.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """imr_nlp commands."""


@app.command()
def annotate(
    inputs: List[Path] = typer.Argument(..., help="Letters: .txt files, .jsonl files of {\"id\", \"text\"} lines, or folders of them."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder."),
    split: Optional[float] = typer.Option(None, help="Also write train.spacy/dev.spacy with this train fraction."),
    n_process: int = typer.Option(1, "--n-process", help="Worker processes."),
    batch_size: int = typer.Option(32, "--batch-size", help="Letters per batch."),
    force: bool = typer.Option(False, "--force", help="Overwrite the outputs in a non-empty --out."),
    shard_size: int = typer.Option(10_000, "--shard-size", help="Docs per DocBin shard; more make docs.spacy a folder of shards."),
) -> None:
    """Annotate letters into records.jsonl, docs.spacy, review/ and errors.jsonl."""
    import imr_nlp
    from imr_nlp.annotate import annotate as run

    try:
        nlp = imr_nlp.load()
        summary = run(
            nlp, inputs, out, split=split, n_process=n_process, batch_size=batch_size,
            force=force, progress=sys.stderr.isatty(), shard_size=shard_size,
        )
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    typer.echo(summary.line())
    if summary.failed:
        typer.echo(f"{summary.failed} input(s) failed: see {out / 'errors.jsonl'}", err=True)
        raise typer.Exit(1)
