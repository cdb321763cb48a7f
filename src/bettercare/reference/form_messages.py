"""Error messages that name their field (GOV.UK "error message" pattern): Django's generic
"This field is required." becomes "Enter the amount" or "Select a funding stream", so that the error
summary at the top of a page says which answer is missing. Forms mix in ``NamedErrors``."""

import re

from django import forms

_GENERIC = [  # Django's own wording → ours; {label} is the field's label in lower case, {Label} capitalised
    (re.compile(r"^This field is required\.$"), None),
    (re.compile(r"^Enter a number\.$"), "{Label} must be a number, like 1250 or 12.5"),
    (re.compile(r"^Enter a whole number\.$"), "{Label} must be a whole number"),
    (re.compile(r"^Enter a valid date\.$"), "{Label} must be a real date, like 31 3 2019"),
    (re.compile(r"^Select a valid choice\..*"), "Select {label} from the list"),
    (re.compile(r"^Ensure this value has at most (\d+) characters.*"), "{Label} must be {0} characters or fewer"),
    (re.compile(r"^Ensure that there are no more than (\d+) digits in total\.$"), "{Label} is too large"),
    (re.compile(r"^Ensure that there are no more than (\d+) decimal places\.$"),
     "{Label} can have at most {0} decimal places"),
    (re.compile(r"^Ensure this value is greater than or equal to (.+)\.$"), "{Label} must be {0} or more"),
    (re.compile(r"^Ensure this value is less than or equal to (.+)\.$"), "{Label} must be {0} or less"),
    (re.compile(r"^The submitted file is empty\.$"), "The selected file is empty"),
    (re.compile(r"^No file was submitted.*"), "Select a file to upload"),
    (re.compile(r"^Enter a valid value\.$"), "Enter {label} using only letters, numbers and hyphens"),
    (re.compile(r"^Enter a valid .slug.*"), "Enter {label} using only letters, numbers and hyphens"),
]


def _label(field: forms.Field, name: str) -> str:
    text = str(field.label or name.replace("_", " "))
    text = re.sub(r"\s*\((?:optional|£)\)\s*$", "", text)
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _choosing(field: forms.Field) -> bool:
    return isinstance(field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple))


def named(field: forms.Field, name: str, message: str) -> str:
    """``message`` for ``field`` with Django's generic wording replaced by one naming the field."""
    label = _label(field, name)
    for pattern, words in _GENERIC:
        match = pattern.match(message)
        if not match:
            continue
        if words is None:  # required
            if isinstance(field, forms.FileField):
                return f"Select {label}"
            return f"Select {label}" if _choosing(field) else f"Enter {label}"
        return words.format(*match.groups(), label=label, Label=label[:1].upper() + label[1:])
    return message


def one_of(form: forms.BaseForm, *names: str) -> None:
    """Mark fields of which at least one must be filled: their labels do not say "(optional)"."""
    for name in names:
        if name in form.fields:
            form.fields[name].one_of = True


class NamedErrors:
    """Form mix-in: after validation, every field error names its field."""

    def full_clean(self):
        super().full_clean()
        for name, errors in list((self._errors or {}).items()):
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            errors[:] = [named(self.fields[name], name, str(message)) for message in errors]
