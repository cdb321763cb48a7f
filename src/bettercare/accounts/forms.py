"""The form to create a personal API token."""

from django import forms

from bettercare.reference.form_messages import NamedErrors

from .tokens import EXPIRY_CHOICES


class TokenForm(NamedErrors, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, 'Power BI performance report' or 'Quarterly notebook'.",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the token expires"},
    )
