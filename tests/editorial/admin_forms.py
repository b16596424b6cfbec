"""Post an admin change form as a browser would: every field as the page rendered it, with
some values changed. Other admin mixins may add fields (a version, a state); this keeps them."""

from html.parser import HTMLParser

_NOT_SENT = {"submit", "button", "image", "file", "reset"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self.max_lengths = {}
        self.textarea = None
        self.select = None

    def add(self, name, value):
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        name = attrs.get("name")
        if name and attrs.get("maxlength"):
            self.max_lengths[name] = int(attrs["maxlength"])
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in _NOT_SENT or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self.add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = [name, []]
        elif tag == "select":
            self.select = {"name": name, "first": None, "chosen": False}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"] = True
                self.add(self.select["name"], value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea:
            name, chunks = self.textarea
            # The HTML parser drops the newline that follows <textarea>, as browsers do.
            self.add(name, "".join(chunks).removeprefix("\n"))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select["chosen"] and self.select["first"] is not None:
                self.add(self.select["name"], self.select["first"])
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)


def read_admin_form(response, model):
    """(data, max_lengths) of the model's admin change form in the response."""
    reader = _FormReader(f"{model._meta.model_name}_form")
    reader.feed(response.content.decode())
    return reader.data, reader.max_lengths
