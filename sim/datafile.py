"""Reading YAML data files safely: plain data only, one clear error per problem.

Scenario files (and preset files read outside Hydra) are data written by hand. This
module reads them with a ``yaml.SafeLoader`` that also rejects duplicate keys, and then
refuses anything that would make the file more than data: object-constructing tags
(``safe_load`` already refuses them), Hydra instantiation keys such as ``_target_``,
and OmegaConf interpolations or resolvers (``${...}``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.errors import UserError, bad_file_name

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 12
INSTANTIATION_KEYS = frozenset({"_target_", "_partial_", "_recursive_", "_convert_", "_args_"})


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_text(path: Path) -> str:
    """The file's text, refusing missing, huge, binary and non-UTF-8 files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(path, None, "an existing file", "<no such file>") from None
    except IsADirectoryError:
        raise UserError(path, None, "a file", "<a directory>") from None
    except OSError as error:
        raise UserError(path, None, "a readable file", f"<{error.strerror}>") from None
    except ValueError:  # the operating system refuses the name itself (a NUL byte in it)
        raise bad_file_name(path) from None
    if len(data) > MAX_FILE_BYTES:
        raise UserError(path, None, f"a file of at most {MAX_FILE_BYTES:,} bytes",
                        f"<{len(data):,} bytes>")
    if b"\x00" in data:
        raise UserError(path, None, "YAML text", "<binary data (NUL bytes)>")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(path, None, "UTF-8 text",
                        f"<a byte that is not UTF-8 at offset {error.start}>") from None


def load_mapping(path: Path) -> dict:
    """Parse ``path`` as a YAML mapping of plain data, checked by :func:`check_plain_data`."""
    path = Path(path)
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_StrictSafeLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = error.problem or "malformed YAML"
        raise UserError(where, None, "valid YAML data", f"<{problem}>") from None
    except yaml.YAMLError as error:
        raise UserError(path, None, "valid YAML data", f"<{error}>") from None
    except RecursionError:
        raise UserError(path, None, f"nesting at most {MAX_DEPTH} levels deep",
                        "<deeper nesting>") from None
    if data is None:
        raise UserError(path, None, "a YAML mapping", "<an empty file>")
    if not isinstance(data, dict):
        raise UserError(path, None, "a YAML mapping at the top level",
                        f"<{type(data).__name__}>")
    check_plain_data(data, path)
    return data


def check_plain_data(data: Any, path: Path | str, where: str = "", depth: int = 0) -> None:
    """Refuse instantiation keys, interpolations, non-string keys and deep nesting."""
    if depth > MAX_DEPTH:
        raise UserError(path, where or None, f"nesting at most {MAX_DEPTH} levels deep",
                        "<deeper nesting>")
    if isinstance(data, dict):
        for key, value in data.items():
            field = f"{where}.{key}" if where else str(key)
            if not isinstance(key, str):
                raise UserError(path, field, "text keys", key)
            if key in INSTANTIATION_KEYS:
                raise UserError(path, field, "plain data (scenario files cannot instantiate "
                                "objects)", key)
            check_plain_data(value, path, field, depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_plain_data(value, path, f"{where}[{index}]", depth + 1)
    elif isinstance(data, str) and "${" in data:
        raise UserError(path, where or None,
                        "plain text (interpolations and resolvers are not allowed)", data)
