"""Scoring: the pure engine, the versioned method file and residual risk (docs/scoring.md)."""
from portal.scoring.engine import ScoringError, score_assessment, score_question
from portal.scoring.explain import (
    explain_control,
    explain_group,
    explain_headline,
    explain_result,
)
from portal.scoring.findings import finding_key, generate_findings
from portal.scoring.method import (
    LEVEL_LABELS,
    LEVELS,
    Band,
    CertificateRule,
    EvidenceLevel,
    FindingRule,
    Method,
    MethodError,
    SeverityRule,
    available_methods,
    load_method,
    methods_dir,
    parse_method,
)
from portal.scoring.residual import effectiveness_band, residual_risk
from portal.scoring.results import (
    AnswerInput,
    CertificateInput,
    ControlScore,
    FindingInput,
    GeneratedFinding,
    GroupScore,
    HeadlineScore,
    QuestionScore,
    ScoreResult,
)

__all__ = [
    "AnswerInput", "Band", "CertificateInput", "CertificateRule", "ControlScore",
    "EvidenceLevel", "FindingInput", "FindingRule", "GeneratedFinding", "GroupScore",
    "HeadlineScore", "LEVELS", "LEVEL_LABELS", "Method", "MethodError", "QuestionScore",
    "ScoreResult", "ScoringError", "SeverityRule", "available_methods", "effectiveness_band",
    "explain_control", "explain_group", "explain_headline", "explain_result", "finding_key",
    "generate_findings", "load_method", "methods_dir", "parse_method", "residual_risk",
    "score_assessment", "score_question",
]
