"""API resources, one module per kind of object; portal.api.blueprint mounts them."""
