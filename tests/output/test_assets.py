"""Every CDN file folium links to has a local npm copy of the same version."""

import re

import pytest

from geomap.output.assets import NOT_ON_NPM, NPM_PACKAGES, local_file

from conftest import ASSETS, require_assets


def folium_links() -> list[str]:
    import folium
    from folium.plugins import MarkerCluster

    fmap = folium.Map()
    MarkerCluster().add_to(fmap)
    html = fmap.get_root().render()
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_every_folium_link_is_answered_locally():
    require_assets()
    links = folium_links()
    assert len(links) >= 10
    for url in links:
        assert url in NOT_ON_NPM or local_file(url, ASSETS) is not None, url


def test_npm_copies_are_the_versions_folium_links():
    links = " ".join(folium_links())
    for package in NPM_PACKAGES:
        name, version = package.rsplit("@", 1)
        if name == "leaflet.awesome-markers":
            continue  # cdnjs 2.0.2 <-> npm 2.0.5, same dist files (see geomap/assets.py)
        assert f"{version}" in links, package
        installed = ASSETS / name / "package.json"
        if installed.is_file():
            assert f'"version": "{version}"' in installed.read_text(encoding="utf-8"), package


def test_cache_is_filled_from_node_modules_and_checked(tmp_path):
    require_assets()
    from geomap.output.assets import PAGE_ASSETS, fill_cache

    added = fill_cache(tmp_path, source=ASSETS)
    assert sorted(added) == sorted(name for name, _ in PAGE_ASSETS.values())
    assert fill_cache(tmp_path, source=None) == []  # already there, verified again


def test_a_file_of_another_version_is_refused(tmp_path):
    from geomap.output.assets import AssetError, fill_cache

    (tmp_path / "leaflet.js").write_text("/* leaflet 1.9.4 */", encoding="utf-8")
    with pytest.raises(AssetError, match="is not the file https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js serves"):
        fill_cache(tmp_path / "cache", source=tmp_path)


def test_self_contained_page_links_nothing_and_is_deterministic(tmp_path, located):
    require_assets()
    from geomap.output.assets import fill_cache
    from geomap.output.page import build_map

    fill_cache(tmp_path, source=ASSETS)
    page = build_map(located, assets=tmp_path)
    assert re.findall(r'<script src=|<link rel="stylesheet" href=', page) == []
    assert "L.MarkerClusterGroup" in page and ".leaflet-container" in page
    assert page == build_map(located, assets=tmp_path)


def test_missing_cache_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from geomap.cli import main

    result = CliRunner().invoke(main, ["build", "--self-contained", "--assets", str(tmp_path / "none"),
                                       "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    assert "is not in the asset cache" in result.stderr and "geomap assets --from node_modules" in result.stderr
    assert not (tmp_path / "m.html").exists()
