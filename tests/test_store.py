"""Where the store is (sim/base/store.py), and the digest of the code that keys it."""

from __future__ import annotations

from sim.base import store
from sim.base.store import FOLDER_VARIABLE, default_folder, folder_digest, source_digest


def test_the_store_is_found_from_the_environment_or_not_at_all(monkeypatch, tmp_path):
    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path / "chosen"))
    assert default_folder() == tmp_path / "chosen"
    monkeypatch.delenv(FOLDER_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "gaiatsu"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".cache" / "gaiatsu"

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(store.Path, "home", staticmethod(no_home))
    assert default_folder() is None


def test_the_code_digest_follows_every_file_s_bytes_and_path_but_not_compiled_caches(tmp_path):
    (tmp_path / "pkg" / "data").mkdir(parents=True)
    (tmp_path / "pkg" / "module.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "data" / "fit.json").write_text("{}")
    first = folder_digest(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "module.pyc").write_bytes(b"compiled")
    assert folder_digest(tmp_path / "pkg") == first
    (tmp_path / "pkg" / "data" / "fit.json").write_text("{ }")
    assert folder_digest(tmp_path / "pkg") != first
    (tmp_path / "pkg" / "data" / "fit.json").write_text("{}")
    assert folder_digest(tmp_path / "pkg") == first
    (tmp_path / "pkg" / "data" / "fit.json").rename(tmp_path / "pkg" / "fit.json")
    assert folder_digest(tmp_path / "pkg") != first
    assert source_digest() is source_digest()  # read once a process
