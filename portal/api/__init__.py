"""The token-authenticated REST API (/api/v1), its token and webhook pages, and webhooks.

`wiring.init_app` attaches it to the app; importing one of its modules loads only that module.
"""
