"""The seed reports are the shared ones, unchanged, and every record cites one of them."""

import pytest

from conftest import REPO, SEEDS

SHARED = REPO.parent / "shared" / "seeds"


def test_seeds_are_byte_for_byte_the_shared_ones():
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    shared = sorted(p.name for p in SHARED.iterdir())
    assert sorted(p.name for p in SEEDS.iterdir()) == shared
    for name in shared:
        assert (SEEDS / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_every_seed_is_cited_by_a_strike(strikes):
    cited = {s.source_document for s in strikes}
    assert cited == {p.name for p in SEEDS.iterdir()}
