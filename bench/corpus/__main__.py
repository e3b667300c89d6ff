"""Write the corpus: python -m bench.corpus [OUT_DIR]."""

import sys
from pathlib import Path

from bench.corpus import DEFAULT_DIR, build_corpus

items = build_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
print(f"wrote {len(items)} files")
