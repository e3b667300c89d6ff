import ast
import subprocess
import sys
from pathlib import Path

import portal.certificates

PURE = [
    "results",
    "dates",
    "standards",
    "vocabulary",
    "layout",
    "fields",
    "bodies",
    "classify",
    "organisations",
    "organisation_names",
    "organisation_fallbacks",
    "sites",
    "names",
    "certifiers",
    "parsing",
    "verification",
    "datefields",
    "scopes",
    "schemes",
    "splitting",
    "textquality",
    "wordlayout",
    "vocabulary_intl",
    "vocabulary_places",
]
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "pdfplumber", "pypdfium2", "pytesseract",
             "tesserocr")


def test_pure_modules_import_nothing_forbidden_in_their_source():
    folder = Path(portal.certificates.__file__).parent
    for name in PURE:
        tree = ast.parse((folder / f"{name}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                roots = [node.module or ""]
            else:
                continue
            for root in roots:
                assert root.split(".")[0] not in FORBIDDEN, f"{name} imports {root}"
                assert root != "portal.extensions", f"{name} imports portal.extensions"


def test_pure_modules_load_no_flask_or_sqlalchemy_at_runtime():
    # The portal package itself may import Flask (create_app); measure only what ours add.
    code = (
        "import sys, portal\n"
        "before = set(sys.modules)\n"
        + "".join(f"import portal.certificates.{name}\n" for name in PURE)
        + f"bad = [m for m in set(sys.modules) - before if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(sorted(bad)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
