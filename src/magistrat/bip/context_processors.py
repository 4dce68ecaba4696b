from django.utils.functional import SimpleLazyObject


def bulletin(request):
    """The BIP's settings, subject menu and view preferences; read only by pages that use them."""
    from magistrat.bip.models import BulletinSettings, Category

    def menu():
        nodes = list(Category.objects.filter(active=True))
        children: dict[int | None, list] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node)
        return [(node, children.get(node.pk, [])) for node in children.get(None, [])]

    def links():
        from magistrat.bip.sources import public_links

        return public_links()  # other apps' entries (the petitions register, the request form)

    return {
        "bulletin": SimpleLazyObject(lambda: BulletinSettings.objects.first()),
        "bip_menu": SimpleLazyObject(menu),
        "bip_links": SimpleLazyObject(links),
        "bip_contrast": request.COOKIES.get("bip_contrast") == "1",
        "bip_large": request.COOKIES.get("bip_large") == "1",
    }
