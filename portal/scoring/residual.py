"""Residual risk from inherent tier, control effectiveness and findings: pure, no Flask."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from portal.scoring.method import LEVEL_LABELS, LEVELS, Band, Method
from portal.scoring.results import FINDING_STATUSES, FindingInput


def effectiveness_band(score: float | None, method: Method) -> Band:
    """Return the control-effectiveness band of an overall score (no score: the weakest)."""
    return method.band_for(score)


def _band_span(band: Band, method: Method) -> str:
    index = method.bands.index(band)
    if index == 0:
        return f"{band.min_score:g} or more"
    return f"from {band.min_score:g} to below {method.bands[index - 1].min_score:g}"


def _is_effective(finding: FindingInput, as_of: date) -> tuple[bool, bool]:
    """Return (counts as open, acceptance expired)."""
    if finding.status == "open":
        return True, False
    if finding.status == "accepted":
        expired = finding.accepted_until is not None and finding.accepted_until < as_of
        return expired, expired
    return False, False


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def residual_risk(
    inherent_tier: str | None,
    effectiveness_score: float | None,
    findings: Sequence[FindingInput],
    method: Method,
    *,
    as_of: date | None = None,
    confidence: float | None = None,
    identity: Sequence[str] = (),
) -> tuple[str, tuple[str, ...]]:
    """Return the residual risk level and the reasons for it, one sentence each.

    An accepted finding whose acceptance ended before as_of (default: today) counts as open.
    Under methods that say so, low confidence raises the level and a certificate issued to
    another legal entity (identity: one sentence each) sets a floor.

    Raises:
        ValueError: for an unknown tier, finding severity or finding status.
    """
    as_of = as_of or date.today()
    reasons: list[str] = []
    if inherent_tier is None:
        tier = method.unknown_tier
        reasons.append(f"The vendor has no inherent tier yet; the method assumes "
                       f"{LEVEL_LABELS[tier]}.")
    elif inherent_tier in LEVELS:
        tier = inherent_tier
        reasons.append(f"Inherent tier: {LEVEL_LABELS[tier]}.")
    else:
        raise ValueError(f"unknown inherent tier {inherent_tier!r}; use one of {LEVELS}")
    band = method.band_for(effectiveness_score)
    if effectiveness_score is None:
        reasons.append(f"No answer could be scored, so control effectiveness is taken as "
                       f"{band.label}.")
    else:
        reasons.append(f"Control effectiveness: {band.label} (overall score "
                       f"{effectiveness_score:.1f}; {band.label} is {_band_span(band, method)}).")
    level = method.matrix[tier][band.id]
    reasons.append(f"Matrix: {LEVEL_LABELS[tier]} inherent tier with {band.label} effectiveness "
                   f"gives {LEVEL_LABELS[level]}.")
    level = _confidence_step(level, confidence, method, reasons)

    open_counts: Counter[str] = Counter()
    accepted_counts: Counter[str] = Counter()
    for finding in findings:
        if finding.severity not in LEVELS:
            raise ValueError(f"unknown finding severity {finding.severity!r}")
        if finding.status not in FINDING_STATUSES:
            raise ValueError(f"unknown finding status {finding.status!r}")
        counts, expired = _is_effective(finding, as_of)
        if expired:
            name = f" {finding.title!r}" if finding.title else ""
            reasons.append(f"The acceptance of {finding.severity} finding{name} ended on "
                           f"{finding.accepted_until.isoformat()}; it counts as open again.")
        if counts:
            open_counts[finding.severity] += 1
        elif finding.status == "accepted":
            accepted_counts[finding.severity] += 1

    for severity in reversed(LEVELS):
        floor = method.finding_floors.get(severity)
        if open_counts[severity] and floor is not None:
            count = open_counts[severity]
            what = _plural(count, f"open {severity} finding")
            if LEVELS.index(floor) > LEVELS.index(level):
                verb = "raises" if count == 1 else "raise"
                reasons.append(f"{what} {verb} residual risk from {LEVEL_LABELS[level]} to "
                               f"{LEVEL_LABELS[floor]} (at least {LEVEL_LABELS[floor]} while "
                               f"{severity} findings are open).")
                level = floor
            else:
                verb = "sets" if count == 1 else "set"
                reasons.append(f"{what} {verb} a floor of {LEVEL_LABELS[floor]}; residual risk "
                               f"is already {LEVEL_LABELS[level]}.")
        if accepted_counts[severity] and method.finding_floors.get(severity):
            count = accepted_counts[severity]
            verb = "does" if count == 1 else "do"
            reasons.append(f"{_plural(count, f'accepted {severity} risk')} with a valid "
                           f"acceptance {verb} not raise residual risk.")
    floor = method.certificate_identity_floor
    if identity and floor is not None:
        if LEVELS.index(floor) > LEVELS.index(level):
            reasons.append(f"{identity[0]} Until that is resolved or a reviewer overrides it, "
                           f"residual risk is at least {LEVEL_LABELS[floor]} (raised from "
                           f"{LEVEL_LABELS[level]}).")
            level = floor
        else:
            reasons.append(f"{identity[0]} That sets a floor of {LEVEL_LABELS[floor]}; residual "
                           f"risk is already {LEVEL_LABELS[level]}.")
    reasons.append(f"Residual risk: {LEVEL_LABELS[level]}.")
    return level, tuple(reasons)


CONFIDENCE_PREFIX = "Confidence "
_IDENTITY = re.compile(r"^The (.*?) is issued to another legal entity( \([^)]*\))?\.")


def _confidence_step(level: str, confidence: float | None, method: Method,
                     reasons: list[str]) -> str:
    if method.low_confidence is None or confidence is None:
        return level
    below, steps = method.low_confidence
    if confidence >= below:
        reasons.append(f"{CONFIDENCE_PREFIX}{confidence:.2f} (at least {below:g}): the evidence "
                       "behind the score does not raise residual risk.")
        return level
    raised = LEVELS[min(len(LEVELS) - 1, LEVELS.index(level) + steps)]
    reasons.append(f"{CONFIDENCE_PREFIX}{confidence:.2f} is below {below:g}: the score rests "
                   f"mostly on claims nobody has checked, which raises residual risk from "
                   f"{LEVEL_LABELS[level]} to {LEVEL_LABELS[raised]}.")
    return raised


def summarise(level: str, reasons: Sequence[str]) -> str:
    """Return one sentence saying what decides the residual risk, from the reasons given.

    Written so that two vendors with similar scores can be told apart at a glance: another
    entity's certificate first, then unchecked claims, then findings, else band and tier.
    """
    label = LEVEL_LABELS[level]
    identity = next((r for r in reasons if "issued to another legal entity" in r), "")
    low = next((r for r in reasons if r.startswith(CONFIDENCE_PREFIX) and " below " in r), "")
    ok = next((r for r in reasons if r.startswith(CONFIDENCE_PREFIX) and " below " not in r),
              "")
    finding = next((r for r in reasons if "finding" in r and " raise" in r), "")
    matrix = next((r for r in reasons if r.startswith("Matrix: ")), "")
    confidence = (low or ok).removeprefix(CONFIDENCE_PREFIX).split(" ", 1)[0]
    parts = []
    if identity:
        match = _IDENTITY.match(identity)
        what, who = (match.group(1), match.group(2) or "") if match else ("certificate", "")
        parts.append(f"the {what} on file is issued to another legal entity{who} and no "
                     "reviewer has overridden that check")
    if low:
        parts.append(f"the score rests mostly on claims nobody has checked (confidence "
                     f"{confidence})")
    if finding:
        parts.append(finding.split(" (at least")[0].rstrip(".").lower())
    if not parts:
        detail = matrix.removeprefix("Matrix: ").rstrip(".")
        if confidence:
            detail += f", with checked evidence behind the score (confidence {confidence})"
        return f"{label}: {detail}."
    return f"{label} because " + "; ".join(parts) + "."
