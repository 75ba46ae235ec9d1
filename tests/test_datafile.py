"""Data files are data: hostile and malformed YAML gets a clear error, nothing runs."""

from __future__ import annotations

import pytest

from sim.data.datafile import MAX_FILE_BYTES, load_mapping
from sim.base.errors import UserError

CASES = {
    "empty file": (b"", "an empty file"),
    "only a comment": (b"# nothing\n", "an empty file"),
    "a list at the top": (b"- 1\n- 2\n", "a YAML mapping at the top level"),
    "syntax error": (b"title: [unclosed\n", "valid YAML"),
    "duplicate key": (b"title: a\ntitle: b\n", "duplicate key 'title'"),
    "python object tag": (b"x: !!python/object/apply:os.system ['true']\n", "valid YAML"),
    "instantiation key": (b"x:\n  _target_: os.system\n", "x._target_"),
    "interpolation": (b"x: ${oc.env:HOME}\n", "interpolations"),
    "binary junk": (b"\x00\x01\x02\xff", "binary"),
    "not UTF-8": ("title: caf\u00e9\n".encode("latin-1"), "UTF-8"),
    "non-text key": (b"1: one\n", "text keys"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_or_malformed_file(tmp_path, case):
    content, expected = CASES[case]
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        load_mapping(path)
    assert expected in caught.value.message()
    assert str(path) in caught.value.message()


def test_huge_file(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"x: " + b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(UserError, match="at most"):
        load_mapping(path)


def test_deep_nesting(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 60 + "]" * 60 + "\n")
    with pytest.raises(UserError, match="nesting"):
        load_mapping(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        load_mapping(tmp_path / "absent.yaml")
    with pytest.raises(UserError, match="a directory"):
        load_mapping(tmp_path)


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: 2\nc: [\n")
    with pytest.raises(UserError, match=r"bad.yaml:\d+"):
        load_mapping(path)
