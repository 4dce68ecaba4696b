"""The WSGI entry point: gunicorn (`magistrat serve`) or granian load `magistrat.wsgi:application`.

Shared read-only data (the Polish stemming table, ~3 s and ~160 MB) is loaded here, at import,
before the server answers anything: with `magistrat serve` (gunicorn `--preload`) once in the
master process, so the forked workers share its memory copy-on-write and are ready the moment
they start; without preload, each worker loads it before it accepts its first request. Loading
it in a background thread instead made the first requests wait for the GIL while `/health/`
already reported the worker ready.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magistrat.settings")
django_application = get_wsgi_application()

# Cached public BIP pages are answered before Django handles the request (bip/pagecache.py).
from magistrat.bip.pagecache import serve_cached  # noqa: E402 - needs the settings loaded above
from magistrat.core.polish import preload  # noqa: E402

application = serve_cached(django_application)

preload()
# What is loaded so far lives as long as the process: keep the garbage collector from touching
# (and so copying) those pages in forked workers.
gc.freeze()
