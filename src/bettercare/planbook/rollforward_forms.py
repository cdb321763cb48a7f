"""Forms of the roll-forward and catalogue pages. They validate what a user gives and name the
rule broken; none writes anything."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from bettercare.catalogue.glossary import term
from bettercare.reference.form_messages import NamedErrors

UNMAPPED = ""


class RollForwardForm(NamedErrors, forms.Form):
    """The new period, a percentage uplift per stream of the new period, and a new id for each
    old stream, scheme type or metric that has no match (fields built from the preview)."""

    to = forms.ChoiceField(label="New policy year")

    def __init__(self, *args, periods: list[str], streams: list[dict], unmatched: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(code, code) for code in periods]
        self.stream_fields = []
        for stream in streams:
            name = f"uplift_{stream['id']}"
            self.fields[name] = forms.CharField(
                label=f"{stream['title']}",
                required=False,
                max_length=12,
                help_text="Uplift in per cent, such as 5.66; leave empty for none",
            )
            self.stream_fields.append((stream["id"], name))
        self.map_fields = []
        for old_id, choices in unmatched.items():
            name = f"map_{old_id}"
            self.fields[name] = forms.ChoiceField(
                label=f"{term(old_id)} (no longer exists): carry its lines as",
                required=False,
                choices=[(UNMAPPED, "Leave unmapped (not carried)"), *choices],
            )
            self.map_fields.append((old_id, name))

    def clean(self):
        data = super().clean()
        uplifts: dict[str, Decimal] = {}
        for stream, name in self.stream_fields:
            text = (data.get(name) or "").strip().rstrip("%").strip()
            if not text:
                continue
            try:
                value = Decimal(text)
            except InvalidOperation:
                self.add_error(name, "Enter the uplift as a percentage, like 5.66")
                continue
            if not value.is_finite() or value <= -100 or value > 100:
                self.add_error(name, "The uplift must be between -100 and 100 per cent")
                continue
            uplifts[stream] = value
        data["uplifts"] = uplifts
        data["mapping"] = {old: data[name] for old, name in self.map_fields if data.get(name)}
        return data


class CatalogueUploadForm(NamedErrors, forms.Form):
    file = forms.FileField(
        label="Policy period file (.yaml)",
        error_messages={"required": "Choose a policy period file to upload"},
    )
    note = forms.CharField(
        label="Why you are adding this version",
        required=False,
        max_length=500,
        help_text="For example: metric definitions confirmed from the 2026-27 handbook",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise ValidationError("The file must be a YAML file ending in .yaml")
        if upload.size > 1_000_000:
            raise ValidationError("The file must be smaller than 1 MB")
        try:
            return upload.name, upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError("The file must be UTF-8 text") from None
