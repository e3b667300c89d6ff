"""Fixtures for the scoring tests: the shipped catalogue and method, and a template builder."""
from __future__ import annotations

import pytest

from portal.questionnaires.bank import load_catalogue, parse_template
from portal.scoring import load_method


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def method(catalogue):
    return load_method(version="v1", catalogue=catalogue)


@pytest.fixture
def make_template(catalogue):
    """Return a function building a one-section template from question mappings."""
    def build(*questions: dict, key: str = "example"):
        data = {"id": key, "version": 1, "title": "Example",
                "sections": [{"id": "s", "title": "S", "questions": list(questions)}]}
        return parse_template(data, source=f"{key}.yaml", catalogue=catalogue)
    return build
