from magistrat.org.selectors import current_office


def office(request):
    """The office every page names (header, footer, the BIP's entity menu)."""
    return {"office": current_office()}
