"""Forms for vendors, products, intake and contacts."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from portal.vendors.countries import country_choices
from portal.vendors.models import VendorStatus
from portal.vendors.naming import name_key
from portal.vendors.services import MAX_ALIASES, VendorData
from portal.vendors.tiering import QUESTIONS_BY_KEY


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _with_scheme(value: str | None) -> str | None:
    # People type "acme.ai"; store a full address.
    if value and "://" not in value:
        return "https://" + value
    return value


def _web_scheme(form, field) -> None:
    if field.data and urlsplit(field.data).scheme.lower() not in ("http", "https"):
        raise ValidationError("Enter a web address starting with http:// or https://.")


def _has_letters(form, field) -> None:
    if field.data and not name_key(field.data):
        raise ValidationError("Enter a name with letters or digits.")


class VendorForm(FlaskForm):
    legal_name = StringField(
        "Legal name", [DataRequired(), Length(max=200), _has_letters], filters=[_strip],
    )
    aliases = TextAreaField(
        "Other names", [Optional(), Length(max=4000)],
        render_kw={"rows": 3, "placeholder": "Trading names, brands, former names: one per line"},
    )
    website = StringField(
        "Website",
        [Optional(), Length(max=255), _web_scheme,
         URL(require_tld=True, message="Enter a valid web address, e.g. https://example.com.")],
        filters=[_strip, _with_scheme],
        render_kw={"inputmode": "url", "placeholder": "https://", "autocomplete": "url"},
    )
    country = SelectField("Country", choices=[
        SelectChoice("", "— not set —"), *(SelectChoice(c, n) for c, n in country_choices())])
    description = TextAreaField("Description", [Optional(), Length(max=5000)], filters=[_strip],
                                render_kw={"rows": 4})
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in VendorStatus],
                         default=VendorStatus.PROSPECTIVE.value)
    # Choices are set per request: active staff plus the current owner.
    owner_id = SelectField("Owner", coerce=int, choices=[SelectChoice(0, "— nobody —")], default=0)
    submit = SubmitField("Save vendor")

    def validate_aliases(self, field) -> None:
        lines = [line for line in self.alias_lines() if line]
        if len(lines) > MAX_ALIASES:
            raise ValidationError(f"Enter at most {MAX_ALIASES} other names.")
        if any(len(line) > 200 for line in lines):
            raise ValidationError("Each name can have at most 200 characters.")

    def alias_lines(self) -> list[str]:
        """Return the other names as entered, one per line."""
        return [line.strip() for line in (self.aliases.data or "").splitlines()]

    def to_data(self) -> VendorData:
        """Return the submitted values for the vendor services."""
        return VendorData(
            legal_name=self.legal_name.data or "",
            aliases=tuple(self.alias_lines()),
            website=self.website.data or None,
            country=self.country.data or None,
            description=self.description.data or None,
            status=VendorStatus(self.status.data),
            owner_id=self.owner_id.data or None,
        )


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in VendorStatus])


class ProductForm(FlaskForm):
    name = StringField("Product or service", [DataRequired(), Length(max=200)], filters=[_strip])
    description = TextAreaField("Description", [Optional(), Length(max=2000)], filters=[_strip],
                                render_kw={"rows": 2})
    submit = SubmitField("Save product")


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change one thing."""


def owner_choices(users) -> list[SelectChoice]:
    """Build the owner select: nobody, then the given staff users."""
    return [SelectChoice(0, "— nobody —")] + [
        SelectChoice(u.id, u.name if u.is_active else f"{u.name} (deactivated)") for u in users
    ]


def _radio(key: str) -> RadioField:
    question = QUESTIONS_BY_KEY[key]
    return RadioField(
        question.text,
        choices=[SelectChoice(o.value, o.label) for o in question.options],
        validators=[InputRequired(message="Choose an answer.")],
        description=question.help,
    )


class IntakeForm(FlaskForm):
    data_shared = _radio("data_shared")
    training_use = _radio("training_use")
    people_decisions = _radio("people_decisions")
    ai_act_role = _radio("ai_act_role")
    annex_iii = _radio("annex_iii")
    criticality = _radio("criticality")
    foundation_models = _radio("foundation_models")
    customer_facing = _radio("customer_facing")
    submit = SubmitField("Save intake and set tier")

    def answers(self) -> dict[str, str]:
        """Return the answers keyed by question."""
        return {key: getattr(self, key).data for key in QUESTIONS_BY_KEY}


class ContactForm(FlaskForm):
    name = StringField("Name", [DataRequired(), Length(max=200)], filters=[_strip])
    email = EmailField("E-mail", [DataRequired(), Length(max=255), Email()], filters=[_strip],
                       render_kw={"autocomplete": "off"})
    job_title = StringField("Job title", [Optional(), Length(max=200)], filters=[_strip])
    submit = SubmitField("Invite contact")


class InviteDomainsForm(FlaskForm):
    domains = StringField(
        "Domains contacts may invite colleagues at", [Optional(), Length(max=500)],
        filters=[_strip], render_kw={"placeholder": "e.g. example.com, example.co.uk"})
    submit = SubmitField("Save domains")
