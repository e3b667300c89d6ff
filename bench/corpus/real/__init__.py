"""The real certificate corpus: truth (dev.json, heldout.json), sources and its scorer."""
