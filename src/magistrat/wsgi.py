import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magistrat.settings")
django_application = get_wsgi_application()

# Cached public BIP pages are answered before Django handles the request (bip/pagecache.py).
from magistrat.bip.pagecache import serve_cached  # noqa: E402 - needs the settings loaded above
from magistrat.core.polish import stem  # noqa: E402

application = serve_cached(django_application)

# Load the Polish stemming table (~3 s) while the worker starts taking requests, not on the first search.
threading.Thread(target=stem, args=("uchwała",), daemon=True, name="stemmer-preload").start()
