"""What every ISMS page shares: the form page and running a service on a valid form."""

from collections.abc import Callable

from django.shortcuts import redirect, render

from magistrat.core.exceptions import run_service  # noqa: F401 - the ISMS pages import it from here


def form_page(request, form, *, title: str, back: str, submit: str = "", intro: str = "", status: int = 200):
    """The one page for creating and changing ISMS records."""
    context = {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    return render(request, "isms/form.html", context, status=status)


def edit_page(
    request,
    form,
    *,
    save: Callable[[], object],
    success: str,
    detail: str,
    title: str,
    back: str,
    intro: str = "",
):
    """A page that creates or changes one record: on a valid POST `save` (a service call) runs and
    the user goes to the saved record's `detail` page; otherwise the form, with what was refused."""
    if request.method == "POST":
        saved = run_service(request, form, save, success)
        if saved is not None:
            return redirect(detail, pk=saved.pk)  # type: ignore[attr-defined]
    return form_page(request, form, title=title, back=back, intro=intro, status=400 if form.errors else 200)
