"""Import a CISO Assistant framework library (YAML) as a questionnaire template mapping.

Pure module: standard library and PyYAML only. CISO Assistant (intuitem/ciso-assistant-community)
ships each framework as a library: `objects.framework.requirement_nodes`, a flat list whose
`parent_urn` links make a tree. Headings become (nested) sections; each assessable node's
questions become questions (`questions` mapping of the current format, or the older
`question: {question_type, question_choices, questions}`); an assessable node without questions
becomes one question, on the library's score scale when it defines one (`scores_definition`),
else yes/no. `depends_on` becomes `show_if`. docs/questionnaire-format.md ("Importing from CISO
Assistant") lists every decision; each one the file leaves open is reported as a warning.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import yaml

from portal.questionnaires.coverage import YamlLoader
from portal.questionnaires.drafts import (
    DEFAULT_GUIDANCE,
    Draft,
    IdMaker,
    ImportFailed,
    choice_question,
    option_value,
    template_key,
)

MAX_DEPTH = 5
_RESULT_SCORES = {"compliant": 1.0, "partially_compliant": 0.5, "non_compliant": 0.0,
                  "not_applicable": None}
_PLAIN_TYPES = {"text": "text", "date": "date", "number": "number"}


def looks_like_library(raw: object) -> bool:
    """Tell whether parsed YAML is a CISO Assistant library (not a portal template)."""
    return (isinstance(raw, Mapping) and isinstance(raw.get("objects"), Mapping)
            and "urn" in raw)


def read_library(data: bytes) -> Mapping:
    """Parse library bytes.

    Raises:
        ImportFailed: when the bytes are not YAML or not a CISO Assistant library.
    """
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=YamlLoader)  # noqa: S506  # nosec B506
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportFailed(" ".join(f"cannot read the file as UTF-8 YAML: {exc}".split())) \
            from None
    if not looks_like_library(raw):
        raise ImportFailed("not a CISO Assistant library: no urn and objects at the top")
    return raw


def _framework(library: Mapping) -> Mapping:
    objects = library["objects"]
    framework = objects.get("framework")
    if framework is None and isinstance(objects.get("frameworks"), list) and objects["frameworks"]:
        framework = objects["frameworks"][0]
    if not isinstance(framework, Mapping) or not isinstance(
            framework.get("requirement_nodes"), list):
        raise ImportFailed("the library holds no framework with requirement_nodes "
                           "(a risk matrix or reference-control library is not a questionnaire)")
    return framework


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _node_questions(node: Mapping) -> list[dict[str, Any]]:
    """Return the node's questions as [{urn, type, text, choices, depends_on}]."""
    out = []
    questions = node.get("questions")
    if isinstance(questions, Mapping):  # current format: urn -> question
        for urn, q in questions.items():
            if isinstance(q, Mapping):
                out.append({"urn": str(urn), "type": q.get("type", "text"),
                            "text": _text(q.get("text")), "choices": q.get("choices") or [],
                            "depends_on": q.get("depends_on")})
    old = node.get("question")
    if isinstance(old, Mapping):  # older format: one type and choice list for the node
        for q in old.get("questions") or []:
            if isinstance(q, Mapping):
                out.append({"urn": str(q.get("urn", "")), "type": old.get("question_type"),
                            "text": _text(q.get("text")),
                            "choices": old.get("question_choices") or [], "depends_on": None})
    return out


class _Builder:
    def __init__(self, library: Mapping, *, known_controls: Collection[str],
                 choice_scores: Mapping[str, float | None], default_controls: tuple[str, ...],
                 prefix: str, draft: Draft):
        self.framework = _framework(library)
        self.nodes = [n for n in self.framework["requirement_nodes"] if isinstance(n, Mapping)]
        urns = {n.get("urn") for n in self.nodes}
        self.children: dict[str | None, list[Mapping]] = {}
        for node in self.nodes:
            parent = node.get("parent_urn") if node.get("parent_urn") in urns else None
            self.children.setdefault(parent, []).append(node)
        marker = f"{library.get('urn', '')} {library.get('ref_id', '')}".lower()
        self.maps_iso42001 = "42001" in marker
        self.known_controls = set(known_controls)
        self.choice_scores = choice_scores
        self.default_controls = default_controls
        self.ids = IdMaker(prefix)
        self.section_ids: set[str] = set()
        self.question_ids: dict[str, str] = {}  # CISO Assistant question urn -> our id
        self.choice_values: dict[str, tuple[str, str]] = {}  # choice urn -> (question id, value)
        self.pending: list[tuple[dict, Mapping]] = []  # (our question, depends_on)
        self.draft = draft
        self.scale = self._scale()
        self.counts = {"generic_guidance": 0, "unmapped": 0, "groups": 0, "flattened": 0,
                       "empty": 0, "optional_text": 0, "nearest": 0}

    def _scale(self) -> list[tuple[str, float]] | None:
        levels = self.framework.get("scores_definition")
        lo, hi = self.framework.get("min_score"), self.framework.get("max_score")
        if not isinstance(levels, list) or not levels or not isinstance(lo, int | float) \
                or not isinstance(hi, int | float) or hi <= lo:
            return None
        scale = []
        for level in levels:
            if isinstance(level, Mapping) and isinstance(level.get("score"), int | float):
                label = f"{level['score']:g}: {_text(level.get('name')) or 'level'}"
                if level.get("description"):
                    label += f" ({_text(level['description'])})"
                scale.append((label, (level["score"] - lo) / (hi - lo)))
        return scale if len(scale) >= 2 else None

    def section_id(self, node: Mapping) -> str:
        base = template_key(str(node.get("ref_id") or node.get("name") or "section"))
        sid, n = base, 2
        while sid in self.section_ids:
            sid, n = f"{base}-{n}", n + 1
        self.section_ids.add(sid)
        return sid

    @staticmethod
    def is_heading(node: Mapping, children: list[Mapping]) -> bool:
        return bool(children) and not _node_questions(node)

    def build(self) -> list[dict]:
        sections: list[dict] = []
        loose: list[dict] = []
        for node in self.children.get(None, []):
            kids = self.children.get(node.get("urn"), [])
            if self.is_heading(node, kids):
                section = self.section(node, 0)
                if section is not None:
                    sections.append(section)
            else:
                found = self.questions_of(node)
                self.counts["empty"] += not found
                loose.extend(found)
        if loose:
            sections.insert(0, {"id": self.section_id({"name": "general"}), "title": "General",
                                "questions": loose})
        self.resolve_conditions()
        return sections

    def section(self, node: Mapping, depth: int) -> dict | None:
        notes: list[str] = [_text(node.get("description"))]
        questions: list[dict] = []
        subsections: list[dict] = []
        for child in self.children.get(node.get("urn"), []):
            kids = self.children.get(child.get("urn"), [])
            if self.is_heading(child, kids) and depth + 1 < MAX_DEPTH:
                sub = self.section(child, depth + 1)
                if sub is not None:
                    subsections.append(sub)
            elif self.is_heading(child, kids):
                self.counts["flattened"] += 1
                questions.extend(self.questions_of(child))
            elif not child.get("assessable") and not kids:
                notes.append(" ".join(filter(None, (_text(child.get("name")),
                                                    _text(child.get("description"))))))
            else:
                questions.extend(self.questions_of(child))
        if not questions and not subsections:
            self.counts["empty"] += 1
            return None
        out: dict[str, Any] = {"id": self.section_id(node),
                               "title": self.title(node) or "Untitled section"}
        description = " ".join(n for n in notes if n)
        if description:
            out["description"] = description
        if questions:
            out["questions"] = questions
        if subsections:
            out["sections"] = subsections
        return out

    @staticmethod
    def title(node: Mapping) -> str:
        ref, name = _text(node.get("ref_id")), _text(node.get("name"))
        return f"{ref} {name}".strip() if name and ref and ref not in name else (name or ref)

    def guidance(self, node: Mapping) -> str:
        parts = [_text(node.get(k)) for k in ("description", "annotation")]
        if node.get("typical_evidence"):
            parts.append("Typical evidence: " + _text(node["typical_evidence"]))
        text = " ".join(p for p in parts if p)
        if not text:
            self.counts["generic_guidance"] += 1
        return text or DEFAULT_GUIDANCE

    def questions_of(self, node: Mapping) -> list[dict]:
        """The node's questions, then its descendants' (follow-ups stay with their question)."""
        if node.get("implementation_groups"):
            self.counts["groups"] += 1
        out: list[dict] = []
        ref = _text(node.get("ref_id")) or str(node.get("urn", "")).rsplit(":", 1)[-1]
        asked = _node_questions(node)
        if asked:
            for i, q in enumerate(asked, 1):
                out.append(self.question(node, q, ref if len(asked) == 1 else f"{ref}-{i}"))
        elif node.get("assessable"):
            out.append(self.requirement(node, ref))
        for child in self.children.get(node.get("urn"), []):
            out.extend(self.questions_of(child))
        return out

    def controls(self, node: Mapping, question: dict) -> None:
        control = self.iso42001_control(_text(node.get("ref_id")).upper())
        if control:
            question["controls"] = [control]
        elif question.get("weight"):
            if self.default_controls:
                question["controls"] = list(self.default_controls)
            else:
                self.counts["unmapped"] += 1

    def iso42001_control(self, ref: str) -> str | None:
        """An ISO/IEC 42001 library's reference, or the nearest catalogue clause around it."""
        if not self.maps_iso42001 or not ref:
            return None
        if ref in self.known_controls:
            return ref
        parent = ref
        while "." in parent:  # 7.5.1 -> 7.5: a finer subclause counts in its clause
            parent = parent.rsplit(".", 1)[0]
            if parent in self.known_controls:
                self.counts["nearest"] += 1
                return parent
        finer = sorted(c for c in self.known_controls if c.startswith(ref + "."))
        if finer:  # 6.1 -> 6.1.1: a clause the catalogue splits counts in its first part
            self.counts["nearest"] += 1
            return finer[0]
        return None

    def requirement(self, node: Mapping, ref: str) -> dict:
        label = self.title(node) or ref
        question: dict[str, Any] = {"id": self.ids.make(ref), "guidance": self.guidance(node)}
        if self.scale:
            question.update(text=f"How far is this in place: {label}?", type="single_choice",
                            weight=1, options=[])
            for text, score in self.scale:
                question["options"].append({"value": option_value(
                    text.split(":")[0], [o["value"] for o in question["options"]]),
                    "label": text, "score": round(score, 4)})
        else:
            question.update(text=f"Is this in place: {label}?", type="yes_no", weight=1)
        self.controls(node, question)
        return question

    def question(self, node: Mapping, q: Mapping, ref: str) -> dict:
        qid = self.ids.make(ref)
        self.question_ids[q["urn"]] = qid
        question: dict[str, Any] = {"id": qid, "text": q["text"] or self.title(node) or ref,
                                    "guidance": self.guidance(node)}
        kind = q.get("type")
        if kind in ("unique_choice", "multiple_choice", "boolean"):
            choices = q["choices"] if kind != "boolean" else ["Yes", "No"]
            labels, scores, urns = self._choices(choices)
            question.update(choice_question(labels, scores, overrides=self.choice_scores,
                                            multiple=kind == "multiple_choice",
                                            draft=self.draft))
            for urn, option in zip(urns, question["options"], strict=True):
                if urn:
                    self.choice_values[urn] = (qid, option["value"])
        else:
            if kind not in _PLAIN_TYPES:
                self.draft.warn(f"question type {kind!r} is not known: imported as free text")
            question.update(type=_PLAIN_TYPES.get(kind, "text"), weight=0, required=False)
            self.counts["optional_text"] += 1
        self.controls(node, question)
        if isinstance(q.get("depends_on"), Mapping):
            self.pending.append((question, q["depends_on"]))
        return question

    @staticmethod
    def _choices(choices: list) -> tuple[list[str], list[float | None] | None, list[str]]:
        labels, urns, adds, results = [], [], [], []
        for choice in choices:
            if isinstance(choice, Mapping):
                labels.append(_text(choice.get("value")) or "Option")
                urns.append(str(choice.get("urn", "")))
                adds.append(choice.get("add_score"))
                results.append(choice.get("compute_result"))
            else:
                labels.append(_text(choice) or "Option")
                urns.append("")
                adds.append(None)
                results.append(None)
        if any(isinstance(a, int | float) for a in adds):
            top = max((a for a in adds if isinstance(a, int | float)), default=0) or 1
            scores = [None if r == "not_applicable" else
                      max(0.0, (a if isinstance(a, int | float) else 0) / top)
                      for a, r in zip(adds, results, strict=True)]
            return labels, [None if s is None else round(s, 4) for s in scores], urns
        if all(r in _RESULT_SCORES for r in results):
            return labels, [_RESULT_SCORES[r] for r in results], urns
        return labels, None, urns

    def resolve_conditions(self) -> None:
        for question, depends in self.pending:
            ref = self.question_ids.get(str(depends.get("question", "")))
            values = [self.choice_values.get(str(a)) for a in depends.get("answers") or []]
            if ref is None or not values or any(v is None or v[0] != ref for v in values):
                self.draft.warn(f"{question['id']}: its depends_on names a question or answer "
                                "that is not in the library: shown always")
                continue
            leaves = [{"question": ref, "any_of": [v[1]]} for v in values]
            if depends.get("condition") == "all" and len(leaves) > 1:
                question["show_if"] = {"all": leaves}
            else:
                question["show_if"] = {"question": ref, "any_of": [v[1] for v in values]}


def from_library(library: Mapping, *, known_controls: Collection[str] = (),
                 choice_scores: Mapping[str, float | None] | None = None,
                 default_controls: tuple[str, ...] = (), key: str | None = None,
                 version: int | None = None, prefix: str = "") -> Draft:
    """Turn a parsed CISO Assistant library into a template mapping with warnings.

    known_controls are the ISO/IEC 42001 catalogue ids: an ISO/IEC 42001 library's requirements
    map to them by reference. default_controls go on every other scored question.

    Raises:
        ImportFailed: when the library holds no framework.
    """
    draft = Draft({}, source_format="CISO Assistant library")
    builder = _Builder(library, known_controls=known_controls,
                       choice_scores=choice_scores or {}, default_controls=default_controls,
                       prefix=prefix, draft=draft)
    sections = builder.build()
    framework = builder.framework
    lib_version = library.get("version")
    source = [f"Imported from the CISO Assistant library {library.get('urn')}"]
    for label, field_name in (("provider", "provider"), ("copyright", "copyright")):
        if library.get(field_name):
            source.append(f"{label}: {_text(library[field_name])}")
    draft.data = {
        "id": key or template_key(str(library.get("ref_id") or framework.get("ref_id") or "")),
        "version": version or (lib_version if isinstance(lib_version, int) and lib_version > 0
                               else 1),
        "title": _text(framework.get("name") or library.get("name")) or "Imported questionnaire",
        "description": " ".join(filter(None, [_text(framework.get("description")),
                                              "; ".join(source) + "."])),
        "sections": sections,
    }
    counts = builder.counts
    if counts["unmapped"]:
        draft.warn(f"{counts['unmapped']} scored question(s) map to no ISO/IEC 42001 control, "
                   "which the validator refuses: choose a control for them (--default-control "
                   "A.10.3 on the CLI, 'Default ISO/IEC 42001 control' in the form)")
    if counts["nearest"]:
        draft.warn(f"{counts['nearest']} requirement(s) are not in the control catalogue "
                   "as such: mapped to the nearest catalogue clause (7.5.1 to 7.5; 6.1 to "
                   "6.1.1)")
    if counts["generic_guidance"]:
        draft.warn(f"{counts['generic_guidance']} question(s) had no description: they got a "
                   "generic guidance line")
    if counts["optional_text"]:
        draft.warn(f"{counts['optional_text']} free-text, date or number question(s) imported "
                   "as optional and unscored")
    if counts["groups"]:
        draft.warn(f"implementation groups ({counts['groups']} node(s)) are not imported: every "
                   "question is asked")
    if counts["flattened"]:
        draft.warn(f"{counts['flattened']} heading(s) deeper than {MAX_DEPTH} levels: their "
                   "questions were put in the heading above")
    if counts["empty"]:
        draft.warn(f"{counts['empty']} heading(s) without any question left out")
    return draft
