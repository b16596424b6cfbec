"""Reading a ClinicalTrials.gov API v2 record: nested fields with the types they should have."""

from .records import RecordError


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
    error: CT.gov leaves out what a study does not report.
    """

    __slots__ = ("data", "path")

    def __init__(self, data: dict, path: str = ""):
        self.data = data
        self.path = path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _fail(self, key: str, expected: str, value):
        raise RecordError(f"{self._at(key)}: expected {expected}, found {describe(value)}")

    def obj(self, key: str) -> "Reader":
        value = self.data.get(key)
        if value is None:
            return Reader({}, self._at(key))
        if not isinstance(value, dict):
            self._fail(key, "an object", value)
        return Reader(value, self._at(key))

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self._fail(key, "text", value)
        return value.strip()

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._fail(key, "a whole number", value)
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._fail(key, "a number", value)
        return float(value)

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self._fail(key, "true or false", value)
        return value

    def _list(self, key: str, expected: str) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._fail(key, expected, value)
        return value

    def texts(self, key: str) -> list[str]:
        """A list of texts, stripped, without empty ones."""
        values = self._list(key, "a list of texts")
        for index, item in enumerate(values):
            if not isinstance(item, str):
                self._fail(f"{key}[{index}]", "text", item)
        return [item.strip() for item in values if item.strip()]

    def objs(self, key: str) -> list["Reader"]:
        values = self._list(key, "a list of objects")
        readers = []
        for index, item in enumerate(values):
            if not isinstance(item, dict):
                self._fail(f"{key}[{index}]", "an object", item)
            readers.append(Reader(item, self._at(f"{key}[{index}]")))
        return readers
