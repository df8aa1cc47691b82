"""The committed openapi/openapi.json is what the app serves (SDKs and the SPA build on it)."""

from __future__ import annotations

import json

from api.cli.__main__ import OPENAPI_PATH, _openapi_document


def test_committed_openapi_matches_the_app() -> None:
    assert OPENAPI_PATH.read_text() == _openapi_document(), "run `make openapi` and commit"


def test_operation_ids_are_unique_and_tag_prefixed() -> None:
    document = json.loads(_openapi_document())
    ids = [
        op["operationId"]
        for path in document["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert len(ids) == len(set(ids))
    for path in document["paths"].values():
        for op in path.values():
            assert op["operationId"].startswith(f"{op['tags'][0]}-")
            assert op.get("summary"), op["operationId"]
