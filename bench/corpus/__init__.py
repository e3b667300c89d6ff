"""Generate the certificate benchmark corpus in code, deterministically, with ground truth.

    python -m bench.corpus [OUT_DIR]     # default bench/out/corpus

Kinds: "text" (main layouts), "holdout" (an independently written generator), "wild" (a third,
independent generator imitating real certification bodies' layouts), "bodies" (layouts of large
bodies drawn with real-world failures: watermarks, lost ligatures, pictures, letter-spacing;
bodies_layouts.py, and bodies_more.py, bodies_boxed.py, bodies_history.py, bodies_captions.py,
bodies_national.py, bodies_prose.py and bodies_unseen.py, each a held-out family until its failures
were read),
"bodies_heldout" (the held-out family, bodies_heldout.py: an Indian NABCB/IAS page with
surveillance and recertification due dates, a Mexican EMA page in Spanish ("Vigencia: del ... al
..."), a Polish PCA page in Polish, a landscape US ANAB ISO/IEC 42001:2023 page with month-first
dates, a Greek ESYD certificate in English with its Greek translation on page 2; written apart,
only measured), "scanned" (text certificates rasterised, tilted and noised; some turned on their
side or under a garbage text layer), "multi" (several certificates in one PDF; truth is a list),
"other" (look-alikes that are not certificates, and a "SOC 2 certificate") and "hostile" (broken or
malicious files with an expected status).
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.corpus.bodies import scan_variants, write_bodies, write_multi
from bench.corpus.bodies_boxed import write_bodies_boxed
from bench.corpus.bodies_captions import write_bodies_captions
from bench.corpus.bodies_heldout import write_bodies_heldout
from bench.corpus.bodies_history import write_bodies_history
from bench.corpus.bodies_more import write_bodies_more
from bench.corpus.bodies_national import write_bodies_national
from bench.corpus.bodies_others import BODY_OTHER_KINDS, EXPECTED, render_body_other
from bench.corpus.bodies_prose import write_bodies_prose
from bench.corpus.bodies_unseen import write_bodies_unseen
from bench.corpus.certificates import LAYOUTS, render
from bench.corpus.common import fonts, make_spec
from bench.corpus.holdout import HOLDOUT_LAYOUTS, render_holdout
from bench.corpus.hostile import write_hostile
from bench.corpus.others import KINDS, render_other
from bench.corpus.scans import scan
from bench.corpus.wild_layouts import write_wild
from bench.corpus.wild_others import WILD_OTHER_KINDS, render_wild_other

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "out" / "corpus"
STYLES = {
    "uk": ["long", "ordinal", "ordinal_dash", "uk_slash", "short_month"],
    "de": ["dotted", "de_long", "iso"],
    "us": ["us_long", "us_slash"],
    "tr": ["dotted", "tr_long"],
    "nl": ["iso", "long"],
    "fr": ["long", "uk_slash"],
}
MAIN_REGIONS = {
    "prose_centered": ["uk", "uk", "de", "nl", "fr", "uk"],
    "label_table": ["de", "uk", "nl", "de", "uk", "us"],
    "stacked_labels": ["uk", "nl", "de", "uk", "fr", "us"],
    "sidebar": ["uk", "de", "fr", "nl", "uk", "de"],
    "grid_table": ["uk", "us", "nl", "uk", "us", "de"],
    "bilingual_de_en": ["de"] * 6,
    "bilingual_tr_en": ["tr"] * 6,
    "us_registrar": ["us"] * 6,
}
HOLDOUT_REGIONS = {
    "awarded": ["uk", "us", "de", "nl", "uk"],
    "register": ["de", "uk", "tr", "us", "nl"],
    "confirms": ["uk", "us", "fr", "de", "nl"],
}
SCANNED = [
    "prose_centered-0",
    "label_table-1",
    "stacked_labels-1",
    "sidebar-0",
    "grid_table-1",
    "bilingual_de_en-2",
    "us_registrar-3",
    "prose_centered-4",
]


@dataclass
class CorpusItem:
    """One generated file and what the reader should return for it."""

    path: str
    kind: str
    layout: str
    truth: dict = field(default_factory=dict)


def build_corpus(
    out_dir: Path = DEFAULT_DIR, *, seed: int = 42, scans: bool = True
) -> list[CorpusItem]:
    """Write the corpus into out_dir and return its items (also saved as manifest.json)."""
    out_dir = Path(out_dir)
    for sub in ("text", "holdout", "wild", "bodies", "bodies_heldout", "multi",
                "scanned", "other", "hostile"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    fonts()
    items: list[CorpusItem] = []
    by_name: dict[str, CorpusItem] = {}
    for layout, regions in MAIN_REGIONS.items():
        assert layout in LAYOUTS
        for n, region in enumerate(regions):
            name = f"{layout}-{n}"
            rng = random.Random(f"{seed}-{name}")
            styles = STYLES[region]
            spec = make_spec(rng, name, layout, region, date_style=styles[n % len(styles)])
            path = out_dir / "text" / f"{name}.pdf"
            render(spec, path, rng)
            item = CorpusItem(str(path), "text", layout, spec.truth())
            items.append(item)
            by_name[name] = item
    for layout, regions in HOLDOUT_REGIONS.items():
        assert layout in HOLDOUT_LAYOUTS
        for n, region in enumerate(regions):
            name = f"{layout}-{n}"
            rng = random.Random(f"{seed}-holdout-{name}")
            styles = STYLES[region]
            spec = make_spec(rng, name, layout, region, date_style=styles[(n + 1) % len(styles)])
            spec.holdout = True
            path = out_dir / "holdout" / f"{name}.pdf"
            render_holdout(spec, path, rng)
            items.append(CorpusItem(str(path), "holdout", layout, spec.truth()))
    for path, layout, truth in write_wild(out_dir / "wild", seed):
        items.append(CorpusItem(str(path), "wild", layout, truth))
    bodies = write_bodies(out_dir / "bodies", seed)
    for path, layout, variant, truth in bodies:
        items.append(CorpusItem(str(path), "bodies", f"{layout}/{variant}", truth))
    for writer in (write_bodies_more, write_bodies_boxed, write_bodies_history,
                   write_bodies_captions, write_bodies_national, write_bodies_prose,
                   write_bodies_unseen):
        for path, layout, variant, truth in writer(out_dir / "bodies", seed):
            items.append(CorpusItem(str(path), "bodies", f"{layout}/{variant}", truth))
    for path, layout, variant, truth in write_bodies_heldout(out_dir / "bodies_heldout", seed):
        items.append(CorpusItem(str(path), "bodies_heldout", f"{layout}/{variant}", truth))
    for path, truths in write_multi(out_dir / "multi", seed):
        items.append(CorpusItem(str(path), "multi", "several", {"certificates": truths}))
    if scans:
        for name in SCANNED:
            source = by_name[name]
            path = out_dir / "scanned" / f"{name}.pdf"
            scan(Path(source.path), path, random.Random(f"{seed}-scan-{name}"))
            items.append(CorpusItem(str(path), "scanned", source.layout, dict(source.truth)))
        plain = [b for b in bodies if b[2] == "plain"][:4]
        variants = ("turned", "garbage", "plain", "turned")
        for n, (source, variant) in enumerate(zip(plain, variants, strict=False)):
            path = out_dir / "scanned" / f"{source[0].stem}-{variant}.pdf"
            scan_variants(source[0], path, random.Random(f"{seed}-bodyscan-{n}"), variant)
            items.append(CorpusItem(str(path), "scanned", f"{source[1]}/{variant}",
                                    dict(source[3])))
    font = fonts()[0]
    for kind in KINDS:
        path = out_dir / "other" / f"{kind}.pdf"
        render_other(kind, path, font)
        items.append(CorpusItem(str(path), "other", kind, {"status": "not_a_certificate"}))
    for kind in WILD_OTHER_KINDS:
        path = out_dir / "other" / f"{kind}.pdf"
        render_wild_other(kind, path, font)
        items.append(CorpusItem(str(path), "other", kind, {"status": "not_a_certificate"}))
    for kind in BODY_OTHER_KINDS:
        path = out_dir / "other" / f"{kind}.pdf"
        render_body_other(kind, path, font)
        items.append(CorpusItem(str(path), "other", kind, dict(EXPECTED[kind])))
    for path, status, reason in write_hostile(out_dir / "hostile"):
        items.append(
            CorpusItem(str(path), "hostile", path.stem, {"status": status, "reason": reason})
        )
    (out_dir / "manifest.json").write_text(
        json.dumps([asdict(item) for item in items], indent=1, ensure_ascii=False), "utf-8"
    )
    return items
