"""The imr_nlp command line: ``python -m imr_nlp annotate ...``."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

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


@contextmanager
def _usage_errors() -> Iterator[None]:
    """End the command on a ValueError or OSError with its message (which names the fix) and exit code 2."""
    try:
        yield
    except (ValueError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(None, help="Letters: .txt, .pdf, .jsonl files of {\"id\", \"text\"} lines, folders of them, or globs."),
    from_list: Optional[Path] = typer.Option(None, "--from-list", help="A file naming one input (path or glob) per line."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder."),
    split: Optional[float] = typer.Option(None, help="Also write train.spacy/dev.spacy with this train fraction."),
    n_process: int = typer.Option(1, "--n-process", help="Worker processes."),
    batch_size: int = typer.Option(32, "--batch-size", help="Letters per batch."),
    force: bool = typer.Option(False, "--force", help="Overwrite the outputs in a non-empty --out."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run in --out; letters already done are kept."),
    max_length: int = typer.Option(1_000_000, "--max-length", help="Longest letter in characters; longer inputs are reported, not annotated."),
    part_size: int = typer.Option(500, "--part-size", help="Most files per task, committed part and DocBin shard: what a killed run can lose. With --n-process N, parts are smaller, so that each worker gets about four."),
    review: bool = typer.Option(True, "--review/--no-review", help="Write the review pages: one per letter and an index (review/)."),
    model: Optional[Path] = typer.Option(None, "--model", help="A trained pipeline (train's model-best): its entities replace the rules' entity labels."),
    engine: str = typer.Option("local", "--engine", help="local (this machine, --n-process workers) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address; without it --engine dask starts a LocalCluster of --n-process workers."),
) -> None:
    """Annotate letters into records.jsonl, docs.spacy, review/ and errors.jsonl."""
    import imr_nlp
    from imr_nlp.annotate import annotate as run
    from imr_nlp.errors import Errors
    from imr_nlp.inputs import read_list

    with _usage_errors():
        if engine not in ("local", "dask"):
            raise ValueError(Errors.E018.format(engine=engine))
        sources = list(inputs or []) + (read_list(from_list) if from_list else [])
        if not sources:
            raise ValueError(Errors.E017)
        nlp = imr_nlp.load(model=model)
        nlp.max_length = max_length
        summary = run(
            nlp, sources, out, split=split, n_process=n_process, batch_size=batch_size, force=force,
            resume=resume, progress=sys.stderr.isatty(), part_size=part_size,
            engine=engine, scheduler=scheduler, review=review, model=str(model) if model else None,
        )
    typer.echo(summary.line())
    if summary.failed:
        typer.echo(f"{summary.failed} input(s) failed: see {out / 'errors.jsonl'}", err=True)
        raise typer.Exit(1)


@app.command()
def report(
    annotations: Path = typer.Argument(..., help="An annotate --out folder (its tables/ are read)."),
    out: Path = typer.Option(..., "--out", "-o", help="Report folder: index.html and one CSV per table."),
    force: bool = typer.Option(False, "--force", help="Overwrite the report in a non-empty --out."),
) -> None:
    """IMR outcome tables (overturn rates with 95% intervals) and a page of charts from annotate's tables."""
    from imr_nlp.report import report as run

    try:
        results = run(annotations, out, force=force)
    except (ValueError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    typer.echo(f"wrote {out / 'index.html'} and {len(results)} tables")


@app.command()
def evaluate(
    gold_dir: Path = typer.Argument(..., help="Folder of gold JSON files (corpus/gold)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="records.jsonl to score; default: annotate each gold letter now."),
    output: Optional[Path] = typer.Option(None, "--output", help="Also write the scores as JSON here."),
    model: Optional[Path] = typer.Option(None, "--model", help="Also score this trained pipeline's entities, beside the rules."),
) -> None:
    """Score records against gold: fields, entities per label (exact and overlap), linking."""
    import json

    from imr_nlp.evaluate import evaluate as score, read_gold, render, side_by_side

    gold = read_gold(gold_dir)
    if pred is not None:
        with pred.open(encoding="utf-8") as handle:
            predicted = {r["id"]: r for r in map(json.loads, handle)}
    else:
        predicted = _annotate_gold(gold, gold_dir)
    scores = score(gold, predicted)
    typer.echo(render(scores))
    if model is not None:
        scores = {"rules": scores, "model": score(gold, _annotate_gold(gold, gold_dir, model))}
        typer.echo("\n" + side_by_side(scores["rules"], scores["model"]))
    if output is not None:
        output.write_text(json.dumps(scores, indent=2), encoding="utf-8")


def _annotate_gold(gold: list[dict], gold_dir: Path, model: Optional[Path] = None) -> dict[str, dict]:
    """Records of the gold letters, read from each gold's "source" (relative to the repository
    root, the folder above the gold folder's ``corpus/``, when not absolute)."""
    import imr_nlp
    from imr_nlp.inputs import read_letter
    from imr_nlp.records import build_record

    nlp = imr_nlp.load(model=model)
    resolved = gold_dir.resolve()
    root = next((p.parent for p in (resolved, *resolved.parents) if p.name == "corpus"), resolved.parent.parent)
    out = {}
    for g in gold:
        letter = read_letter(g["source"] if Path(g["source"]).is_absolute() else str(root / g["source"]))
        out[g["id"]] = build_record(nlp(letter.text), id=g["id"], source=g["source"], text=letter.text, encoding=letter.encoding)
    return out


@app.command()
def train(
    config: Path = typer.Argument(..., help="A spaCy training config (configs/ner.cfg, configs/spancat.cfg)."),
    out: Path = typer.Option(..., "--out", help="Where the trained pipelines go (model-best, model-last)."),
    data: Optional[Path] = typer.Option(None, "--data", help="An annotate --split output folder (train.spacy, dev.spacy)."),
    train_path: Optional[Path] = typer.Option(None, "--train", help="Training data instead of --data's train.spacy (labelstudio import's gold.spacy)."),
    dev_path: Optional[Path] = typer.Option(None, "--dev", help="Evaluation data instead of --data's dev.spacy (labelstudio import's gold.spacy)."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override training.max_steps."),
    eval_frequency: Optional[int] = typer.Option(None, "--eval-frequency", help="Override training.eval_frequency."),
) -> None:
    """Train a statistical model with spaCy's trainer on annotate's export or on corrected gold; print per-label scores."""
    from imr_nlp.errors import Errors
    from imr_nlp.training import per_label, train as run

    train_path = train_path or (data / "train.spacy" if data else None)
    dev_path = dev_path or (data / "dev.spacy" if data else None)
    with _usage_errors():
        if train_path is None or dev_path is None:
            raise ValueError(Errors.E026)
    overrides = {}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if eval_frequency is not None:
        overrides["training.eval_frequency"] = eval_frequency
    scores = run(config, train_path, dev_path, out, overrides)
    typer.echo(f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}")
    for label, s in sorted(per_label(scores).items()):
        typer.echo(f"{label:<14} {s['p']:>6.3f} {s['r']:>6.3f} {s['f']:>6.3f}")


labelstudio = typer.Typer(help="Correct the spans in Label Studio: export tasks, import the corrections as gold.", no_args_is_help=True)
app.add_typer(labelstudio, name="labelstudio")


@labelstudio.command("export")
def labelstudio_export(
    annotations: Path = typer.Argument(..., help="An annotate output folder (records.jsonl); the letters are read again from their sources."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for tasks.json and config.xml."),
    model_version: Optional[str] = typer.Option(None, "--model-version", help="The predictions' model_version (default: imr_nlp and its version)."),
    force: bool = typer.Option(False, "--force", help="Overwrite tasks.json and config.xml."),
) -> None:
    """Write Label Studio tasks pre-annotated with the rules' spans and decisions, and the labeling config."""
    from imr_nlp.labelstudio import export_tasks

    with _usage_errors():
        count = export_tasks(annotations, out, model_version=model_version, force=force)
    typer.echo(f"tasks: {count}, written to {out / 'tasks.json'} with the labeling config {out / 'config.xml'}")


@labelstudio.command("import")
def labelstudio_import(
    export: Path = typer.Argument(..., help="Label Studio's JSON export of the project."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for gold.spacy and gold/."),
    force: bool = typer.Option(False, "--force", help="Overwrite gold.spacy and gold/."),
) -> None:
    """Turn the reviewers' corrections into gold: gold.spacy for train, gold/ for evaluate."""
    from imr_nlp.labelstudio import import_corrections

    with _usage_errors():
        summary = import_corrections(export, out, force=force)
    typer.echo(summary.line())
    if summary.snapped:
        typer.echo(f"warning: {summary.snapped} span(s) did not fall on token boundaries and were widened to whole tokens", err=True)
