"""Every exception the portal defines is a DomainError (one handler answers it), bar a few."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import portal
from portal.domain import DomainError

# Exceptions that must not reach a user as a refusal, with the reason. Anything else the portal
# raises derives from DomainError, so an uncaught one is rolled back and explained (422).
NOT_REFUSALS = {
    # The API's own answer for any status, in its problem format, with its own handler.
    "portal.api.errors.ApiProblem",
    # A guard against code changing audit rows: a bug, answered 500 and logged.
    "portal.audit.models.AuditLogImmutable",
    # A malformed setting stops the app at start, for operators; no request sees it.
    "portal.settings.environment.SettingError",
    # Raised in an RQ worker so that RQ retries the job; never reaches a request.
    "portal.jobs.queue.JobFailed",
    # The PDF reader's internal signals: turned into a stored "too large"/failed reading
    # (DecodeBudgetExceeded, Rejected) or into a message sent back by the drawing child
    # process (_Refused), never raised out of the certificates package.
    "portal.certificates.decodebudget.DecodeBudgetExceeded",
    "portal.certificates.textlayer.Rejected",
    "portal.certificates.rendering._Refused",
    # An OCR pass that ran out of its time: the reader keeps what earlier passes read, and the
    # reading goes on (ocr.py, hybrid.py); never raised out of the certificates package.
    "portal.certificates.tesseract.OcrTimeout",
}


def _portal_exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for info in pkgutil.walk_packages(portal.__path__, "portal."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_every_portal_exception_is_a_domain_error_or_listed():
    found = _portal_exceptions()
    assert len(found) > 40, sorted(found)  # the walk did find the features' exceptions
    strays = sorted(name for name, cls in found.items()
                    if not issubclass(cls, DomainError) and name not in NOT_REFUSALS)
    assert strays == [], "derive these from portal.domain.DomainError, or list them with why"


def test_the_list_names_only_exceptions_that_exist_and_are_not_domain_errors():
    found = _portal_exceptions()
    assert NOT_REFUSALS <= set(found)
    assert not [name for name in NOT_REFUSALS if issubclass(found[name], DomainError)]


def test_the_pure_modules_errors_are_refusals_and_keep_their_old_bases():
    from portal.questionnaires.answers import InvalidAnswer
    from portal.questionnaires.conditions import ConditionError
    from portal.questionnaires.coverage import TemplateError
    from portal.questionnaires.workbook.layout import WorkbookError
    from portal.scoring.engine import ScoringError
    from portal.scoring.schema import MethodError
    from portal.vendors.imports.parsing import ImportFileError

    for cls in (InvalidAnswer, ConditionError, ScoringError):
        assert issubclass(cls, DomainError) and issubclass(cls, ValueError)
    for cls in (TemplateError, WorkbookError, MethodError, ImportFileError):
        assert issubclass(cls, DomainError)


def test_the_base_imports_nothing():
    source = inspect.getsource(importlib.import_module("portal.domain"))
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == ["from __future__ import annotations"]
