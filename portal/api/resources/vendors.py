"""Vendors: list, read, create and change (staff)."""
from __future__ import annotations

from portal.api import schemas, serializers
from portal.api.errors import ApiProblem
from portal.api.operations import EDITORS, STAFF, Call, Operations, Reply, page_reply
from portal.auth.models import Role, User
from portal.extensions import db
from portal.vendors import queries, services
from portal.vendors.countries import country_choices
from portal.vendors.models import Vendor, VendorStatus

ops = Operations("vendors", "The vendor inventory (staff).")


def _vendor_or_404(vendor_id: int) -> Vendor:
    vendor = db.session.get(Vendor, vendor_id)
    if vendor is None:
        raise ApiProblem(404, f"There is no vendor {vendor_id}.")
    return vendor


def _check_owner(owner_id: int | None) -> None:
    if owner_id is None:
        return
    owner = db.session.get(User, owner_id)
    if owner is None or owner.role is Role.VENDOR or not owner.is_active:
        raise ApiProblem(422, "The owner must be an active staff user.", kind="validation-error",
                         errors=[{"pointer": "#/owner_id", "detail": "Not an active staff user"}])


def _check_country(country: str | None) -> None:
    if country is not None and country not in {code for code, _ in country_choices()}:
        raise ApiProblem(422, "Unknown country code.", kind="validation-error",
                         errors=[{"pointer": "#/country", "detail": "Not an ISO 3166 code"}])


def _duplicate(exc: services.DuplicateVendor) -> ApiProblem:
    existing = exc.existing.id if exc.existing is not None else None
    return ApiProblem(409, str(exc), kind="duplicate-vendor", existing_vendor_id=existing)


@ops.route("GET", "/vendors", summary="List vendors", roles=STAFF, query=schemas.VendorQuery,
           response=schemas.VendorPage, headers=("Link",))
def list_vendors(call: Call):
    """Filter by tier, status, country or a search term; newest changes are not reordered."""
    q: schemas.VendorQuery = call.query
    filters = queries.VendorFilters(q=q.q, tier=q.tier or "", status=q.status or "",
                                    country=q.country or "", sort=q.sort)
    select = queries.vendor_list_query(filters, user_id=call.user.id)
    page = db.paginate(select, page=q.page, per_page=q.per_page, error_out=False)
    return page_reply(schemas.VendorPage, [serializers.vendor(v) for v in page.items], page, q)


VENDOR_LINKS = {
    "GetVendor": {"operationId": "get_vendor", "parameters": {"vendor_id": "$response.body#/id"}},
    "UpdateVendor": {"operationId": "update_vendor",
                     "parameters": {"vendor_id": "$response.body#/id"}},
}


@ops.route("POST", "/vendors", summary="Create a vendor", scope="write", roles=EDITORS,
           body=schemas.VendorCreate, response=schemas.VendorOut, status=201, errors=(409,),
           headers=("Location",), idempotent=True, links=VENDOR_LINKS)
def create_vendor(call: Call):
    """Add a vendor; 409 when its name or an alias matches another vendor's."""
    body: schemas.VendorCreate = call.body
    _check_owner(body.owner_id)
    _check_country(body.country)
    data = services.VendorData(
        legal_name=body.legal_name, aliases=tuple(body.aliases), website=body.website,
        country=body.country, description=body.description, status=VendorStatus(body.status),
        owner_id=body.owner_id)
    try:
        vendor = services.create_vendor(data, actor=call.user)
    except services.DuplicateVendor as exc:
        raise _duplicate(exc) from None
    db.session.commit()
    return Reply(serializers.vendor(vendor), headers={"Location": f"/api/v1/vendors/{vendor.id}"})


@ops.route("GET", "/vendors/{vendor_id}", summary="Get a vendor", roles=STAFF,
           response=schemas.VendorOut, links=VENDOR_LINKS)
def get_vendor(call: Call, vendor_id: int):
    """Return one vendor."""
    return serializers.vendor(_vendor_or_404(vendor_id))


@ops.route("PATCH", "/vendors/{vendor_id}", summary="Change a vendor", scope="write",
           roles=EDITORS, body=schemas.VendorUpdate, response=schemas.VendorOut, errors=(409,),
           links=VENDOR_LINKS)
def update_vendor(call: Call, vendor_id: int):
    """Change the fields given; fields left out keep their values, null clears optional ones."""
    vendor = _vendor_or_404(vendor_id)
    body: schemas.VendorUpdate = call.body
    given = body.model_fields_set
    if "owner_id" in given:
        _check_owner(body.owner_id)
    if "country" in given:
        _check_country(body.country)

    def pick(name: str, current):
        return getattr(body, name) if name in given else current

    status = pick("status", vendor.status.value) or vendor.status.value
    data = services.VendorData(
        legal_name=pick("legal_name", vendor.legal_name),
        aliases=tuple(pick("aliases", vendor.aliases) or ()),
        website=pick("website", vendor.website), country=pick("country", vendor.country),
        description=pick("description", vendor.description), status=VendorStatus(status),
        owner_id=pick("owner_id", vendor.owner_id))
    try:
        services.update_vendor(vendor, data, actor=call.user)
    except services.DuplicateVendor as exc:
        raise _duplicate(exc) from None
    db.session.commit()
    return serializers.vendor(vendor)
