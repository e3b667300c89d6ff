"""Limits on JSON request bodies, checked on the raw bytes before parsing. Pure."""
from __future__ import annotations

MAX_DEPTH = 64  # no API body nests deeper than a handful of levels


def nesting_depth(data: bytes, *, stop_at: int = MAX_DEPTH + 1) -> int:
    """Return how deeply arrays and objects nest in a JSON text (brackets in strings ignored).

    Stops counting at `stop_at`, so a hostile body costs one pass at most.
    """
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    return deepest
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest
