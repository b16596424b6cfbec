"""Contacts as a registry record gives them, made safe to store and to show: trimmed, without
control characters, cut to their columns' lengths, and an e-mail address kept only where it
is a plausible one. A contact value never makes a record fail."""

import re
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from trials.models import Contact

from .records import ContactRecord

# Control and format characters (a NUL byte is refused by PostgreSQL) and runs of spaces.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SPACES = re.compile(r"\s+")
_validate_email = EmailValidator()


def _cleaned(value, field_name):
    """A contact's text, on one line, as long as its column holds; "" for anything not text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # a phone number written as a number
    if not isinstance(value, str):
        return ""
    text = _SPACES.sub(" ", _UNPRINTABLE.sub(" ", value)).strip()
    return text[: Contact._meta.get_field(field_name).max_length].strip()


# What EmailValidator accepts in a quoted local part ("a b"@example.org), and a reader would
# not take for an address.
_UNLIKELY_IN_AN_ADDRESS = set('"<>()[]\\,;: ')


def plausible_email(value):
    """The address if Django's EmailValidator accepts it and it is a plain one, else ""."""
    address = _cleaned(value, "email")
    if not address or address != (value.strip() if isinstance(value, str) else None):
        return ""  # cut, or carrying characters an address cannot hold
    if _UNLIKELY_IN_AN_ADDRESS & set(address):
        return ""
    try:
        _validate_email(address)
    except ValidationError:
        return ""
    return address


def plausible_phone(value):
    """The number as given, trimmed; "" where it holds no digit (a phone number has some)."""
    phone = _cleaned(value, "phone")
    return phone if any(char.isdigit() for char in phone) else ""


def contact_record(kind, *, name="", role="", organisation="", phone="", extension="", email=""):
    """A `ContactRecord` from the record's raw values; None where nothing is left to show."""
    contact = ContactRecord(
        kind=str(kind),
        name=_cleaned(name, "name"),
        role=_cleaned(role, "role"),
        organisation=_cleaned(organisation, "organisation"),
        phone=plausible_phone(phone),
        phone_extension=_cleaned(extension, "phone_extension"),
        email=plausible_email(email),
    )
    if not (contact.name or contact.phone or contact.email):
        return None
    if not contact.phone:
        contact = replace(contact, phone_extension="")
    return contact


def distinct(contacts):
    """The contacts, each once, in order; those nothing was left of are dropped."""
    return list(dict.fromkeys(contact for contact in contacts if contact is not None))
