"""Background job: build the audit evidence pack into the shared export folder."""
from __future__ import annotations

import os
from datetime import date

from portal.evidence_pack.services import PackOptions, build_pack
from portal.jobs.exports import export_path, new_export_name
from portal.jobs.models import Job
from portal.jobs.queue import enqueue
from portal.jobs.registry import Progress
from portal.settings.current import current_settings


def start_export(*, date_from: date | None, date_to: date | None, vendor_ids: list[int],
                 actor) -> Job:
    """Enqueue building the evidence pack (every vendor when vendor_ids is empty)."""
    return enqueue("exports.evidence_pack",
                   {"date_from": date_from.isoformat() if date_from else None,
                    "date_to": date_to.isoformat() if date_to else None,
                    "vendor_ids": list(vendor_ids)},
                   title=f"Evidence pack ({len(vendor_ids) or 'all'} vendors)", actor=actor)


def evidence_pack(progress: Progress, *, date_from: str | None, date_to: str | None,
                  vendor_ids: list[int]) -> dict:
    """Write the ZIP under a temporary name and rename it when complete (a retry starts over)."""
    today = date.today()
    options = PackOptions(date_from=date.fromisoformat(date_from) if date_from else None,
                          date_to=date.fromisoformat(date_to) if date_to else None,
                          vendor_ids=tuple(vendor_ids))
    name = new_export_name("evidence-pack", "zip")
    final = export_path(current_settings(), name)
    partial = final.with_suffix(".part")
    progress.start(len(vendor_ids) or 1, "Collecting vendors")

    def on_vendor(total: int, vendor_name: str) -> None:
        progress.job.total = total
        progress.advance(message=f"Added {vendor_name}")

    try:
        with open(partial, "wb") as handle:
            build_pack(options, actor=progress.actor, settings=current_settings(), today=today,
                       handle=handle, on_vendor=on_vendor)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return {"file": name, "mimetype": "application/zip",
            "download_name": f"evidence-pack-{today.isoformat()}.zip",
            "summary": "The evidence pack is ready.",
            "link": {"endpoint": "portfolio.evidence_pack_form", "values": {},
                     "label": "Build another pack"}}
