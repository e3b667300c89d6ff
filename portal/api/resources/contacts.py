"""A vendor's contacts (invite, deactivate, reactivate) and its intake, which sets the tier."""
from __future__ import annotations

from portal.api import process_schemas as shapes
from portal.api.errors import ApiProblem
from portal.api.operations import EDITORS, STAFF, Call, Operations, Reply
from portal.auth.models import Role, User
from portal.extensions import db
from portal.settings.current import current_settings
from portal.vendors import services, tiering
from portal.vendors.models import Vendor

ops = Operations("contacts", "Vendor contacts and the intake that sets a vendor's tier.")


def _vendor(vendor_id: int) -> Vendor:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        raise ApiProblem(404, f"There is no vendor {vendor_id}.")
    return vendor


def contact(user: User) -> shapes.ContactOut:
    """Describe a vendor contact."""
    return shapes.ContactOut(
        id=user.id, vendor_id=user.vendor_id, name=user.name, email=user.email,
        job_title=user.job_title, is_active=user.is_active,
        has_signed_in=user.password_hash is not None, created_at=user.created_at)


def intake(vendor: Vendor) -> shapes.IntakeOut:
    """Describe a vendor's intake answers and the tier they set."""
    stored = vendor.intake or {}
    return shapes.IntakeOut(
        vendor_id=vendor.id, answers=services.intake_answers(vendor),
        inherent_tier=vendor.inherent_tier.value if vendor.inherent_tier else None,
        score=stored.get("score"), tier_reasons=list(vendor.tier_reasons or []),
        rule_version=stored.get("rule_version"), tiered_at=vendor.tiered_at)


@ops.route("GET", "/vendors/{vendor_id}/contacts", summary="List a vendor's contacts",
           roles=STAFF, response=shapes.ContactList)
def list_contacts(call: Call, vendor_id: int):
    """Active contacts first; a contact who has not accepted the invitation has not signed in."""
    return shapes.ContactList(data=[contact(u) for u in
                                    services.vendor_contacts(_vendor(vendor_id))])


@ops.route("POST", "/vendors/{vendor_id}/contacts", summary="Invite a vendor contact",
           scope="write", roles=EDITORS, body=shapes.ContactInvite, response=shapes.ContactOut,
           status=201, errors=(409,), headers=("Location",), idempotent=True,
           links={"ListContacts": {"operationId": "list_contacts",
                                   "parameters": {"vendor_id": "$response.body#/vendor_id"}}})
def invite_contact(call: Call, vendor_id: int):
    """Create the contact's account and e-mail the invitation, as on the contacts page; 409
    when the address already has an account or the vendor is offboarded."""
    vendor = _vendor(vendor_id)
    body: shapes.ContactInvite = call.body
    try:
        user = services.invite_contact(vendor, email=str(body.email), name=body.name,
                                       job_title=body.job_title, actor=call.user,
                                       settings=current_settings())
    except services.DuplicateContact as exc:
        raise ApiProblem(409, str(exc), kind="duplicate-contact") from None
    except services.ContactError as exc:
        raise ApiProblem(409, str(exc), kind="invalid-transition") from None
    db.session.commit()
    return Reply(contact(user),
                 headers={"Location": f"/api/v1/vendors/{vendor.id}/contacts/{user.id}"})


@ops.route("GET", "/vendors/{vendor_id}/contacts/{user_id}", summary="Get a vendor contact",
           roles=STAFF, response=shapes.ContactOut)
def get_contact(call: Call, vendor_id: int, user_id: int):
    """Return one contact of the vendor."""
    return contact(_contact(_vendor(vendor_id), user_id))


def _contact(vendor: Vendor, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.vendor_id != vendor.id or user.role is not Role.VENDOR:
        raise ApiProblem(404, f"{vendor.legal_name} has no contact {user_id}.")
    return user


@ops.route("PATCH", "/vendors/{vendor_id}/contacts/{user_id}",
           summary="Deactivate or reactivate a contact", scope="write", roles=EDITORS,
           body=shapes.ContactChange, response=shapes.ContactOut, errors=(409,))
def change_contact(call: Call, vendor_id: int, user_id: int):
    """A deactivated contact cannot sign in and their API tokens stop working."""
    user = _contact(_vendor(vendor_id), user_id)
    body: shapes.ContactChange = call.body
    try:
        services.set_contact_active(user, body.is_active, actor=call.user)
    except services.ContactError as exc:
        raise ApiProblem(409, str(exc), kind="invalid-transition") from None
    db.session.commit()
    return contact(user)


@ops.route("GET", "/tiering", summary="Describe the intake questions", roles=STAFF,
           response=shapes.TieringRule)
def tiering_rule(call: Call):
    """The questions whose answers set a vendor's inherent tier, with each option's points."""
    return shapes.TieringRule(rule_version=tiering.RULE_VERSION, questions=[
        shapes.IntakeQuestion(key=q.key, text=q.text, help=q.help, options=[
            shapes.IntakeOption(value=o.value, label=o.label, points=o.points)
            for o in q.options]) for q in tiering.QUESTIONS])


@ops.route("GET", "/vendors/{vendor_id}/intake", summary="Get a vendor's intake and tier",
           roles=STAFF, response=shapes.IntakeOut)
def get_intake(call: Call, vendor_id: int):
    """The stored intake answers and the inherent tier with its reasons."""
    return intake(_vendor(vendor_id))


@ops.route("PUT", "/vendors/{vendor_id}/intake", summary="Answer the intake and set the tier",
           scope="write", roles=EDITORS, body=shapes.IntakePut, response=shapes.IntakeOut)
def put_intake(call: Call, vendor_id: int):
    """Store the answers and set the inherent tier by the tiering rule (docs/tiering.md), as
    the intake page does; audited with the old and new tier."""
    vendor = _vendor(vendor_id)
    services.save_intake(vendor, tiering.IntakeAnswers(**call.body.model_dump()),
                         actor=call.user)
    db.session.commit()
    return intake(vendor)

