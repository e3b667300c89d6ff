"""The scoring method's types: evidence levels, bands, matrix and finding rules.

Pure module: standard library only. portal.scoring.method reads these from the method file.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from portal.domain import DomainError

# Residual risk levels and finding severities share the inherent tiers' scale (vendors.tiering).
LEVELS = ("low", "medium", "high", "critical")
LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}
FINDING_KINDS = ("critical_answer", "poor_answer", "missing_evidence")
TEMPLATE_FIELDS = (
    "question_id", "question_text", "answer", "score", "weight", "control_id", "control_title",
    "evidence_kinds", "evidence",
)
CROSSWALKS = ("iso27001", "nist_ai_rmf", "eu_ai_act")
# How an answer's evidence level is derived (method field evidence.derive_from).
EVIDENCE_SOURCES = ("answer_review", "links")
CERTIFICATE_CLAIMS = ("any", "same_standard")
# How question scores roll up into groups and the overall (method field rollup.by): v1 averages
# controls, each control equal within its group; question_weight pools the questions themselves.
ROLLUPS = ("control_mean", "question_weight")
# When a "not applicable" answer leaves the denominator (method field not_applicable.counts):
# v1 takes the vendor's word; when_accepted only once a reviewer accepted that answer.
NOT_APPLICABLE_RULES = ("vendor_says", "when_accepted")
CHECK_CODES = ("readable", "expiry", "organisation", "standard", "scope", "dates",
               "accreditation_body", "certification_body", "duplicate")
VERSION_RE = re.compile(r"^v[0-9]+(?:\.[0-9]+)*$")


class MethodError(DomainError):
    """The method file is unreadable or invalid; .problems lists every problem found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))


@dataclass(frozen=True)
class EvidenceLevel:
    id: str
    label: str
    factor: float
    rank: int  # 0 = weakest


@dataclass(frozen=True)
class CertificateRule:
    standard: str
    label: str
    level: str
    kinds: tuple[str, ...] = ()
    crosswalk: str | None = None
    # Reach (method v2): question id patterns (fnmatch) the certificate may lift; empty: any
    # question its kinds/crosswalk cover. `never` patterns are never lifted (commitments).
    questions: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    primary_only: bool = False  # only the question's first (primary) control decides coverage


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min_score: float


@dataclass(frozen=True)
class SeverityRule:
    severity: str
    min_weight: float = 0.0
    critical: bool | None = None  # None: any question

    def matches(self, weight: float, critical: bool) -> bool:
        """Tell whether this rule applies to a question of this weight and criticality."""
        return weight >= self.min_weight and self.critical in (None, critical)


@dataclass(frozen=True)
class FindingRule:
    kind: str
    title: str
    detail: str
    remediation: str
    severity: str | None = None  # critical_answer: fixed severity
    rules: tuple[SeverityRule, ...] = ()
    below_score: float | None = None  # poor_answer
    min_score: float | None = None  # missing_evidence
    below_level: str | None = None  # missing_evidence

    def severity_for(self, weight: float, critical: bool) -> str | None:
        """Return the severity for a question, or None when no rule raises a finding."""
        if self.severity is not None:
            return self.severity
        return next((r.severity for r in self.rules if r.matches(weight, critical)), None)


@dataclass(frozen=True)
class Method:
    version: str
    title: str
    evidence_levels: tuple[EvidenceLevel, ...]
    certificates: tuple[CertificateRule, ...]
    group_weights: Mapping[str, float]
    default_group_weight: float
    clause_group: tuple[str, str, float]  # id, title, weight
    third_party_title: str
    third_party_controls: tuple[str, ...]
    bands: tuple[Band, ...]  # best first
    unknown_tier: str
    matrix: Mapping[str, Mapping[str, str]]  # tier -> band id -> residual level
    finding_floors: Mapping[str, str]  # finding severity -> minimum residual level
    findings: Mapping[str, FindingRule]
    source: str = ""
    # evidence: how levels are derived; v1 files leave these at their v1 meaning.
    evidence_source: str = "answer_review"
    attached_level: str = "document"
    reviewed_level: str = "verified_document"
    certificate_claims: str = "any"
    # certificate checks that must pass (a warning blocks) / must not fail, for a lift
    certificate_must_pass: tuple[str, ...] = ("scope",)
    certificate_must_not_fail: tuple[str, ...] = ()
    low_confidence: tuple[float, int] | None = None  # (below, steps)
    certificate_identity_floor: str | None = None
    rollup: str = "control_mean"
    not_applicable: str = "vendor_says"

    def level(self, level_id: str) -> EvidenceLevel:
        """Return the evidence level with this id. Raises: KeyError when unknown."""
        for level in self.evidence_levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    @property
    def weakest_level(self) -> EvidenceLevel:
        return self.evidence_levels[0]

    def certificate(self, standard: str) -> CertificateRule | None:
        """Return the certificate rule for a standard id such as "iso42001", or None."""
        return next((c for c in self.certificates if c.standard == standard), None)

    def band_for(self, score: float | None) -> Band:
        """Return the effectiveness band of an overall score; no score falls in the weakest."""
        value = 0.0 if score is None else score
        return next((b for b in self.bands if value >= b.min_score), self.bands[-1])

    def group_weight(self, group_id: str) -> float:
        """Return the weight of an objective group in the overall score."""
        if group_id == self.clause_group[0]:
            return self.clause_group[2]
        return self.group_weights.get(group_id, self.default_group_weight)
