"""The inherent-risk tiering rule for AI vendors: pure, no Flask and no database.

Points per answer are added up and mapped to a tier by thresholds; overrides then raise the tier
to a floor when one answer combination is serious on its own. Options of every question are
listed from least to most risky and their points never decrease along that order, and every
override's condition stays true when an answer gets riskier, so a riskier answer can never lower
the tier. docs/tiering.md explains the rule to people; keep both in step and bump RULE_VERSION.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

RULE_VERSION = "2025.1"

# Tier values match portal.vendors.models.RiskTier, from least to most severe.
TIERS = ("low", "medium", "high", "critical")
TIER_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    points: int
    # Completes "Adds N points: ..." in the reasons; empty when the option adds nothing.
    reason: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help: str
    options: tuple[Option, ...]  # least to most risky

    def option(self, value: str) -> Option:
        """Return the option with this value. Raises: ValueError for an unknown value."""
        for option in self.options:
            if option.value == value:
                return option
        allowed = ", ".join(o.value for o in self.options)
        raise ValueError(f"{self.key}: {value!r} is not one of {allowed}")

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.options)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "data_shared",
        "What kind of data will we share with the vendor?",
        "The most sensitive kind, counting prompts, uploads, logs and integrations.",
        (
            Option("none", "None, or only public data", 0),
            Option("business_confidential", "Business-confidential data", 2,
                   "we will share business-confidential data with the vendor"),
            Option("personal", "Personal data", 4, "we will share personal data with the vendor"),
            Option("special_category", "Special-category or sensitive personal data", 6,
                   "we will share special-category or sensitive personal data "
                   "(health, biometrics, beliefs, criminal records, children's data)"),
        ),
    ),
    Question(
        "training_use",
        "May our data be used to train or improve the vendor's models?",
        "Read the vendor's terms: many services train on customer data unless you opt out.",
        (
            Option("no", "No, contractually excluded", 0),
            Option("opt_in", "Only if we opt in", 1,
                   "our data may train the vendor's models if we opt in"),
            Option("unknown", "Unknown", 2,
                   "we do not know whether our data trains the vendor's models"),
            Option("default", "Yes, by default", 4,
                   "our data trains the vendor's models by default"),
        ),
    ),
    Question(
        "people_decisions",
        "Does the AI make or support decisions about people?",
        "For example hiring, credit, insurance, access to services, or employee monitoring.",
        (
            Option("no", "No", 0),
            Option("supports", "It supports decisions that a person takes", 2,
                   "the AI supports decisions that people take about other people"),
            Option("automated", "It makes automated decisions", 5,
                   "the AI makes automated decisions about people"),
        ),
    ),
    Question(
        "ai_act_role",
        "What is the vendor's role under the EU AI Act?",
        "Providers build and place AI on the market; deployers use it; distributors and "
        "importers pass it on.",
        (
            Option("not_applicable", "Not applicable", 0),
            Option("distributor", "Distributor", 1,
                   "the vendor distributes an AI system that someone else provides"),
            Option("importer", "Importer", 1,
                   "the vendor imports an AI system from outside the EU"),
            Option("deployer", "Deployer", 1, "the vendor deploys AI in the service it gives us"),
            Option("provider", "Provider of an AI system", 2,
                   "the vendor is the provider of the AI system"),
            Option("gpai_provider", "Provider of a general-purpose AI model", 3,
                   "the vendor provides a general-purpose AI model"),
        ),
    ),
    Question(
        "annex_iii",
        "Is the use case in an EU AI Act high-risk area (Annex III)?",
        "Biometrics, critical infrastructure, education, employment, essential services, law "
        "enforcement, migration, justice and democratic processes.",
        (
            Option("no", "No", 0),
            Option("unknown", "Unknown", 2, "it is not yet known whether the use is high-risk "
                   "under Annex III"),
            Option("yes", "Yes", 4, "the use case is in an Annex III high-risk area"),
        ),
    ),
    Question(
        "criticality",
        "How critical is the service to our business?",
        "What happens if it stops for a day, or gives wrong results for a week?",
        (
            Option("low", "Low", 0),
            Option("medium", "Medium", 1, "the service has medium business criticality"),
            Option("high", "High", 3, "the service has high business criticality"),
            Option("critical", "Critical", 5, "the service is business-critical"),
        ),
    ),
    Question(
        "foundation_models",
        "Does the vendor rely on third-party foundation models?",
        "For example a model from OpenAI, Anthropic, Google, Meta or Mistral under the hood.",
        (
            Option("no", "No", 0),
            Option("unknown", "Unknown", 1,
                   "we do not know whether the vendor relies on third-party foundation models"),
            Option("yes", "Yes", 1,
                   "the vendor relies on third-party foundation models (fourth-party risk)"),
        ),
    ),
    Question(
        "customer_facing",
        "Does the system interact directly with our customers?",
        "Chatbots, generated content or decisions that customers see.",
        (
            Option("no", "No", 0),
            Option("yes", "Yes", 2, "the system interacts directly with our customers"),
        ),
    ),
)
QUESTIONS_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
MAX_SCORE = sum(q.max_points for q in QUESTIONS)

# (lowest score, tier), highest first.
THRESHOLDS: tuple[tuple[int, str], ...] = (
    (18, "critical"), (11, "high"), (5, "medium"), (0, "low"),
)


@dataclass(frozen=True)
class IntakeAnswers:
    data_shared: str
    training_use: str
    people_decisions: str
    ai_act_role: str
    annex_iii: str
    criticality: str
    foundation_models: str
    customer_facing: str

    def __post_init__(self) -> None:
        for key, value in self.as_dict().items():
            QUESTIONS_BY_KEY[key].option(value)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> IntakeAnswers:
        """Build answers from a mapping such as a stored intake. Raises: ValueError."""
        missing = [q.key for q in QUESTIONS if not values.get(q.key)]
        if missing:
            raise ValueError(f"unanswered: {', '.join(missing)}")
        return cls(**{q.key: str(values[q.key]) for q in QUESTIONS})

    def as_dict(self) -> dict[str, str]:
        """Return the answers as a plain dict keyed by question."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def points(self, key: str) -> int:
        """Return the points the answer to one question adds."""
        return QUESTIONS_BY_KEY[key].option(getattr(self, key)).points


@dataclass(frozen=True)
class Override:
    key: str
    floor: str
    description: str  # the condition, for the rule summary
    reason: str  # the sentence shown when it applies
    applies: Callable[[IntakeAnswers], bool]


_PERSONAL = ("personal", "special_category")

OVERRIDES: tuple[Override, ...] = (
    Override(
        "special_data_training", "critical",
        "Special-category data is shared and the vendor trains on customer data by default.",
        "Critical at least: special-category personal data would train the vendor's models by "
        "default.",
        lambda a: a.data_shared == "special_category" and a.training_use == "default",
    ),
    Override(
        "automated_high_risk", "critical",
        "The AI makes automated decisions about people in an Annex III high-risk area.",
        "Critical at least: the AI makes automated decisions about people in an EU AI Act "
        "high-risk area.",
        lambda a: a.people_decisions == "automated" and a.annex_iii == "yes",
    ),
    Override(
        "automated_personal", "high",
        "The AI makes automated decisions about people using personal data.",
        "High at least: the AI makes automated decisions about people using personal data "
        "(GDPR Article 22).",
        lambda a: a.people_decisions == "automated" and a.data_shared in _PERSONAL,
    ),
    Override(
        "annex_iii", "high",
        "The use case is in an EU AI Act high-risk area (Annex III).",
        "High at least: the use case is in an EU AI Act high-risk area (Annex III).",
        lambda a: a.annex_iii == "yes",
    ),
    Override(
        "personal_training", "high",
        "Personal data is shared and the vendor trains on customer data by default.",
        "High at least: personal data would train the vendor's models by default.",
        lambda a: a.data_shared in _PERSONAL and a.training_use == "default",
    ),
    Override(
        "business_critical", "high",
        "The service is business-critical.",
        "High at least: the service is business-critical.",
        lambda a: a.criticality == "critical",
    ),
    Override(
        "annex_iii_unknown", "medium",
        "Nobody knows yet whether the use case is high-risk under Annex III.",
        "Medium at least until someone settles whether the use is high-risk under Annex III.",
        lambda a: a.annex_iii == "unknown",
    ),
)


@dataclass(frozen=True)
class TierResult:
    tier: str
    score: int
    reasons: tuple[str, ...]
    rule_version: str

    @property
    def label(self) -> str:
        return TIER_LABELS[self.tier]


def tier_for_score(score: int) -> str:
    """Return the tier that a points total reaches on its own."""
    for lowest, tier in THRESHOLDS:
        if score >= lowest:
            return tier
    return "low"


def _severity(tier: str) -> int:
    return TIERS.index(tier)


def assess_tier(answers: IntakeAnswers) -> TierResult:
    """Score the intake answers and explain the inherent tier they lead to."""
    score = sum(answers.points(q.key) for q in QUESTIONS)
    by_points = tier_for_score(score)
    tier = by_points
    reasons: list[str] = []
    for override in OVERRIDES:
        if override.applies(answers):
            reasons.append(override.reason)
            if _severity(override.floor) > _severity(tier):
                tier = override.floor
    reasons.append(
        f"The score is {score} of {MAX_SCORE} points, which alone makes "
        f"{TIER_LABELS[by_points]} ({_band(by_points)})."
    )
    contributions = sorted(
        ((answers.points(q.key), q.option(getattr(answers, q.key))) for q in QUESTIONS),
        key=lambda item: -item[0],
    )
    for points, option in contributions:
        if points:
            noun = "point" if points == 1 else "points"
            reasons.append(f"Adds {points} {noun}: {option.reason}.")
    return TierResult(tier=tier, score=score, reasons=tuple(reasons), rule_version=RULE_VERSION)


def _band(tier: str) -> str:
    bounds = dict((t, lowest) for lowest, t in THRESHOLDS)
    lowest = bounds[tier]
    higher = [low for low, t in THRESHOLDS if _severity(t) == _severity(tier) + 1]
    return f"{lowest}–{higher[0] - 1} points" if higher else f"{lowest} points or more"


def threshold_bands() -> list[tuple[str, str]]:
    """List (tier label, points band) from Low to Critical, for the rule summary."""
    return [(TIER_LABELS[t], _band(t)) for t in TIERS]
