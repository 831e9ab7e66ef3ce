"""Where annotate's tasks run: this process, worker processes, or a Dask cluster.

Each worker loads the pipeline once and runs whole tasks, writing its own parts and returning
only counts; sending Docs back to one process (``nlp.pipe(n_process=...)``) would make the parent
the bottleneck. With Dask the output folder must be on a filesystem every worker can write to.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Callable, Sequence

from spacy.language import Language

from .tasks import Options, Task, run_task

OnDone = Callable[[dict], None]
_PIPELINE: Language | None = None  # the pipeline of this worker process, loaded once


def _pipeline(options: Options) -> Language:
    global _PIPELINE
    if _PIPELINE is None:
        import imr_nlp

        _PIPELINE = imr_nlp.load(model=options.model)
    _PIPELINE.max_length = options.max_length
    return _PIPELINE


def _run(task: Task, out: str, options: Options) -> dict:
    return run_task(_pipeline(options), task, Path(out), options)


def _run_packed(args: tuple[Task, str, Options]) -> dict:
    return _run(*args)


def run_local(nlp: Language, tasks: Sequence[Task], out: Path, options: Options, on_done: OnDone) -> None:
    for task in tasks:
        on_done(run_task(nlp, task, out, options))


def run_processes(
    nlp: Language, tasks: Sequence[Task], out: Path, options: Options, on_done: OnDone, n_process: int
) -> None:
    """``n_process`` forked workers that inherit the loaded pipeline."""
    global _PIPELINE
    _PIPELINE = nlp
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process) as pool:
        jobs = [(task, str(out), options) for task in tasks]
        for counts in pool.imap_unordered(_run_packed, jobs):
            on_done(counts)


def run_dask(
    tasks: Sequence[Task], out: Path, options: Options, on_done: OnDone, scheduler: str | None, n_workers: int
) -> None:
    """Tasks on the Dask cluster at ``scheduler``, or on a LocalCluster of ``n_workers`` processes."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True)
    with Client(scheduler or cluster) as client:
        futures = client.map(_run, list(tasks), out=str(out.resolve()), options=options, pure=False)
        for future in as_completed(futures):
            on_done(future.result())
    if cluster is not None:
        cluster.close()
