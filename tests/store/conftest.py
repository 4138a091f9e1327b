from __future__ import annotations

from dbfixture import database_url  # noqa: F401  (the fixture, for this folder's tests)
