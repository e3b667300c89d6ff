"""Background job: apply a checked vendor import, one vendor (with its contacts) at a time."""
from __future__ import annotations

from typing import Any

from portal.extensions import db
from portal.jobs.registry import Progress
from portal.settings.current import current_settings
from portal.vendors.imports import services
from portal.vendors.imports.models import ImportStatus, VendorImport

COUNTS = ("created", "existing", "contacts", "skipped")


def apply_import(progress: Progress, import_id: int) -> dict:
    """Create the vendors of an import and invite their contacts; resume where a failure stopped.

    Each vendor is committed with the job's progress (progress.advance), and the position reached
    is kept in the job's partial result, so a retry skips finished vendors; a vendor or contact
    that exists already (created by an earlier attempt, or by someone else) is not made twice.
    """
    imp = db.session.get(VendorImport, import_id)
    if imp is None:
        raise LookupError(f"Vendor import {import_id} no longer exists.")
    link = {"endpoint": "vendors.import_detail", "values": {"import_id": imp.id},
            "label": "Back to the import"}
    if imp.status is not ImportStatus.PENDING:
        applied = (imp.summary or {}).get("applied", {})
        return {**applied, "link": link,
                "summary": f"Nothing to do: this import is {imp.status.value} already."}
    actor = progress.actor or imp.created_by
    units = services.import_units(imp)
    state: dict[str, Any] = {"next": 0, **dict.fromkeys(COUNTS, 0), "lines": []}
    state.update(progress.partial)
    imp.job_id = progress.job.id
    progress.start(len(units), message=f"Importing {len(units)} vendor(s) from {imp.filename}.")
    if state["next"]:
        progress.advance(state["next"], message=f"Resuming after {state['next']} vendor(s).")
    for index in range(state["next"], len(units)):
        result = services.apply_unit(units[index], actor=actor,
                                            settings=current_settings())
        state["created"] += result.created
        state["existing"] += result.added_to
        state["contacts"] += result.invited
        state["skipped"] += not (result.created or result.added_to)
        state["lines"] = (state["lines"] + result.notes)[:services.MAX_NOTES]
        state["next"] = index + 1
        verb = "created" if result.created else "contacts added" if result.added_to else "skipped"
        progress.advance(message=f"{result.vendor_name}: {verb}.", partial=dict(state))
    state["skipped"] += (imp.summary or {}).get("skipped", 0) + (imp.summary or {}).get("errors", 0)
    progress.note(f"Done: {len(units)} vendor(s) processed.")
    services.finish_import(imp, state, actor=actor)
    db.session.commit()
    return {**{k: state[k] for k in COUNTS}, "lines": state["lines"], "link": link,
            "summary": _summary(state)}


def _summary(state: dict[str, Any]) -> str:
    parts = [f"{state['created']} vendor(s) created", f"{state['contacts']} contact(s) invited"]
    if state["existing"]:
        parts.append(f"{state['existing']} existing vendor(s) given new contacts")
    if state["skipped"]:
        parts.append(f"{state['skipped']} row(s) or vendor(s) skipped")
    return ", ".join(parts) + "."
