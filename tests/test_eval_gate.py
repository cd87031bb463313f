"""The evaluation gate: extraction quality on the shared benchmarks may not fall below pinned floors.

The floors sit a little under the figures `make bench` prints today; raise them when the extractor improves.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from armswatch.cli import main

from .conftest import shared_path

DEV_FLOORS = {"deal_f1": 0.95, "cluster_pairwise_f1": 0.95}
DEV_FIELD_FLOORS = {"variant": 0.95, "category": 0.95, "quantity": 0.92, "value": 0.90, "status": 0.95}
HERNQVIST_FLOORS = {"detection": 0.89, "attributes_micro": 0.60}
# armswatch extract --records claims
HERNQVIST_CLAIMS_FLOORS = {"attributes_micro": 0.745, "seller": 0.71, "buyer": 0.77, "weapon": 0.76, "quantity": 0.75,
                           "price": 0.58}


def _score(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def dev_result(tmp_path_factory):
    dev = shared_path("corpora", "dev")
    tmp = tmp_path_factory.mktemp("dev")
    assert main(["extract", str(dev / "articles.jsonl"), "--db", str(tmp / "dev.db"), "-o", str(tmp / "p.jsonl"),
                 "-q"]) == 0
    return _score([str(shared_path("eval", "score.py")), str(dev / "gold.jsonl"), str(tmp / "p.jsonl")])


def test_dev_deal_f1_and_clustering(dev_result):
    for key, floor in DEV_FLOORS.items():
        assert dev_result[key] >= floor, (key, dev_result[key])


def test_dev_field_accuracy(dev_result):
    for key, floor in DEV_FIELD_FLOORS.items():
        assert dev_result["field_accuracy"][key] >= floor, (key, dev_result["field_accuracy"])


def test_dev_articles_without_a_deal_stay_clean(dev_result):
    clean, total = map(int, dev_result["distractors_clean"].split("/"))
    assert clean == total


def test_hernqvist_train_split(tmp_path):
    h = shared_path("corpora", "hernqvist")
    out = tmp_path / "p.jsonl"
    assert main(["extract", str(h / "train_articles.jsonl"), "--db", str(tmp_path / "h.db"), "-o", str(out),
                 "-q"]) == 0
    result = _score([str(shared_path("eval", "hernqvist.py")), "score", str(h / "train.json"), str(out)])
    for key, floor in HERNQVIST_FLOORS.items():
        assert result[key]["f1"] >= floor, (key, result[key])
    claims = tmp_path / "claims.jsonl"
    assert main(["extract", str(h / "train_articles.jsonl"), "--db", str(tmp_path / "h.db"), "-o", str(claims),
                 "--records", "claims", "-q"]) == 0
    result = _score([str(shared_path("eval", "hernqvist.py")), "score", str(h / "train.json"), str(claims)])
    for key, floor in HERNQVIST_CLAIMS_FLOORS.items():
        assert result[key]["f1"] >= floor, ("claims", key, result[key])
