"""The routes of the desk: one module per area; `api` is the JSON API under /api."""
