"""A reviewer's session against a live Label Studio, with label-studio-sdk.

Run by Label Studio's own Python (it needs numpy 2, imr_nlp's scispaCy numpy 1), from
``test_labelstudio_live.py``: create a project from config.xml, import tasks.json, submit the given
annotations (``{letter id: result}``), and write the project's JSON export.

    python labelstudio_client.py URL TOKEN CONFIG TASKS ANNOTATIONS EXPORT
"""
import json
import sys
from pathlib import Path

from label_studio_sdk import LabelStudio


def main(url: str, token: str, config: str, tasks: str, annotations: str, export: str) -> None:
    client = LabelStudio(base_url=url, api_key=token)
    project = client.projects.create(title="imr_nlp review", label_config=Path(config).read_text(encoding="utf-8"))
    client.projects.import_tasks(id=project.id, request=json.loads(Path(tasks).read_text(encoding="utf-8")))
    results = json.loads(Path(annotations).read_text(encoding="utf-8"))
    for task in client.tasks.list(project=project.id):
        if task.data["id"] in results:
            client.annotations.create(id=task.id, result=results[task.data["id"]])
    with open(export, "wb") as handle:
        for chunk in client.projects.exports.download_sync(project.id, export_type="JSON", download_all_tasks=True):
            handle.write(chunk)


if __name__ == "__main__":
    main(*sys.argv[1:])
