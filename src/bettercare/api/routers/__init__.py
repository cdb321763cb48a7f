"""One router per resource family; :mod:`bettercare.api.v1` mounts them."""
