"""Reading a registry record: nested JSON fields with the types they should have.

Both registries' mappers read through `Reader`. A field of the wrong type raises `RecordError`
and a value left out or changed is a warning, both in one form, the field's path first:
"protocolSection.designModule: expected an object, found the text 'x'". Messages do not name
the record: the import report puts its label and identifier before each one.
"""

import re
from typing import NoReturn

from .records import RecordError, warn

_DIGITS = re.compile(r"\s*\d+\s*")


def describe(value) -> str:
    """A value as a person reading the JSON would name it, with a short excerpt."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        excerpt = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {excerpt!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


class Reader:
    """A JSON object and its path in the record; each getter checks the type it expects.

    A missing key or a null value reads as "absent" (empty text, empty list, None), never as an
    error: registries leave out what a trial does not report; a null in a list is skipped. A
    dotted key ("organisation.name") reads through the objects on its way.
    `numbers_as_text`: a number where text is expected is read as the text that writes it
    (EU CTIS writes some codes as numbers).
    """

    __slots__ = ("data", "numbers_as_text", "path")

    def __init__(self, data: dict, path: str = "", *, numbers_as_text: bool = False):
        self.data = data
        self.path = path
        self.numbers_as_text = numbers_as_text

    def at(self, key: str) -> str:
        """The path of `key` in the record."""
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, expected: str, value) -> NoReturn:
        raise RecordError(f"{self.at(key)}: expected {expected}, found {describe(value)}")

    def warn(self, key: str, what: str) -> None:
        """Say that the value at `key` is left out or changed, and why; the record is kept."""
        warn(f"{self.at(key)}: {what}")

    def _child(self, data: dict, key: str) -> "Reader":
        return Reader(data, self.at(key), numbers_as_text=self.numbers_as_text)

    def _holder(self, key: str) -> tuple["Reader", str]:
        """The reader of the object that holds the last part of a dotted key, and that part."""
        *parents, last = key.split(".")
        reader = self
        for part in parents:
            reader = reader.obj(part)
        return reader, last

    def obj(self, key: str) -> "Reader":
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return reader._child({}, key)
        if not isinstance(value, dict):
            reader.fail(key, "an object", value)
        return reader._child(value, key)

    def text(self, key: str) -> str:
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        if self.numbers_as_text and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        reader.fail(key, "text or a number" if self.numbers_as_text else "text", value)

    def integer(self, key: str) -> int | None:
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            reader.fail(key, "a whole number", value)
        return value

    def whole_number(self, key: str) -> int | None:
        """A whole number given as a number (12, 12.0) or as digits in text ("12"); empty text
        is absent."""
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            reader.fail(key, "a whole number", value)
        return value

    def number(self, key: str) -> float | None:
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            reader.fail(key, "a number", value)
        return float(value)

    def boolean(self, key: str) -> bool | None:
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            reader.fail(key, "true or false", value)
        return value

    def _list(self, key: str, expected: str) -> tuple["Reader", str, list]:
        reader, key = (self, key) if "." not in key else self._holder(key)
        value = reader.data.get(key)
        if value is None:
            return reader, key, []
        if not isinstance(value, list):
            reader.fail(key, expected, value)
        return reader, key, value

    def texts(self, key: str) -> list[str]:
        """A list of texts, stripped, without empty ones."""
        reader, key, values = self._list(key, "a list of texts")
        for index, item in enumerate(values):
            if item is not None and not isinstance(item, str):
                reader.fail(f"{key}[{index}]", "text", item)
        return [item.strip() for item in values if item is not None and item.strip()]

    def objs(self, key: str) -> list["Reader"]:
        reader, key, values = self._list(key, "a list of objects")
        readers = []
        for index, item in enumerate(values):
            if item is None:
                continue
            if not isinstance(item, dict):
                reader.fail(f"{key}[{index}]", "an object", item)
            readers.append(reader._child(item, f"{key}[{index}]"))
        return readers
