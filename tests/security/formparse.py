"""Read a page's POST forms as a browser would submit them (fields inside each form, or tied to it by the
``form`` attribute), so that tests post exactly what a user's browser would send."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []  # {"id", "action", "fields": [(name, value)]}
        self.loose: list[tuple[str, str, str]] = []  # (form id, name, value) for form="..." elements
        self.current: dict | None = None
        self.textarea: tuple[str, str | None] | None = None
        self.text: list[str] = []
        self.select: tuple[str, str | None] | None = None
        self.select_value: str | None = None
        self.select_first: str | None = None

    def _add(self, owner: str | None, name: str, value: str) -> None:
        if owner:
            self.loose.append((owner, name, value))
        elif self.current is not None:
            self.current["fields"].append((name, value))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"id": a.get("id"), "action": a.get("action") or "", "fields": []}
            self.forms.append(self.current)
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self._add(a.get("form"), a["name"], a.get("value") or "")
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = (a["name"], a.get("form")), []
        elif tag == "select" and a.get("name"):
            self.select, self.select_value, self.select_first = (a["name"], a.get("form")), None, None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in a:
                self.select_value = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.textarea is not None:
            name, owner = self.textarea
            text = "".join(self.text)
            self._add(owner, name, text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, owner = self.select
            value = self.select_value if self.select_value is not None else (self.select_first or "")
            self._add(owner, name, value)
            self.select = None


def post_forms(html: str) -> list[dict]:
    """Every form of the page: {"id", "action", "data": {name: value}} with form="id" fields included."""
    parser = _Forms()
    parser.feed(html)
    result = []
    for form in parser.forms:
        data = dict(form["fields"])
        data.update({name: value for owner, name, value in parser.loose if owner and owner == form["id"]})
        result.append({"id": form["id"], "action": form["action"], "data": data})
    return result


def form_with(html: str, field: str, action: str | None = None) -> dict:
    """The first form of the page that has ``field`` (and posts to ``action``, when given: a page such as
    the plan editor has one spend form per scheme, all with the same field names)."""
    for form in post_forms(html):
        if field in form["data"] and (action is None or form["action"] == action):
            return form
    raise AssertionError(f"No form on the page has a field {field!r}" + (f" posting to {action}" if action else ""))
