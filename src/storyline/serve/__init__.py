"""``storyline serve``: a web app over a store (a build's or an update's ``--db``).

- :mod:`.app`: :func:`create_app`, the HTML pages and the security headers;
- :mod:`.api`: the read-only JSON API (``/api/...``, described by ``/openapi.json``);
- :mod:`.admin`: the changing endpoints (feeds, updates) behind a token;
- :mod:`.runner`: the update runner (one at a time, in a child process) and the scheduler;
- :mod:`.cache`: the page cache (a page rendered once per change of the store);
- :mod:`.views`: what each page shows, read in one snapshot of the store;
- :mod:`.html`: the Jinja2 environment (autoescape, controls replaced) and the style sheet.

Nothing a source wrote runs: every value is escaped, the pages hold no script, the CSP
forbids scripts and every fetch but the server's own images and forms.
"""

from storyline.serve.app import CSP, HEADERS, create_app

__all__ = ["CSP", "HEADERS", "create_app"]
