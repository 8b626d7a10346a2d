"""Map out: the page (data, folium layer, template, assets), GeoJSON, and atomic writing."""
