import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magistrat.settings")
django_application = get_wsgi_application()

# Cached public BIP pages are answered before Django handles the request (bip/pagecache.py).
from magistrat.bip.pagecache import serve_cached  # noqa: E402 - needs the settings loaded above

application = serve_cached(django_application)
