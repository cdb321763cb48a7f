"""Pages for a signed-in user's personal API tokens: list, create (the secret is shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .tokens import create_token, revoke


@login_required
def tokens(request):
    """The user's tokens (newest first) and the form to create one. A successful POST shows the
    new secret on this response only; it is never stored or shown again."""
    form = TokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = create_token(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
        form = TokenForm()
    response = render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "created": created, "secret": secret,
         "now": timezone.now()},
    )
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_token(request, token_id: int):
    token = revoke(request.user, token_id)
    if token is None:
        raise Http404("No such token.")
    messages.success(request, f"The token '{token.name}' is revoked: it no longer works.")
    return redirect("api-tokens")
