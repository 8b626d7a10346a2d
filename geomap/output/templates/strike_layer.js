/* geomap strike layer: markers, area circles, popups, legend, filters and summary,
 * all made in the browser from one JSON blob.
 *
 * Safety rule: text from the data only ever reaches the page through
 * textContent or as the value of an attribute set with setAttribute on an
 * element geomap created; links are made only for http(s) URLs.
 */
/* The page's data: JSON as it is, or {"gzip": base64} inflated by the browser's own
 * DecompressionStream (large files; see page_blobs in geomap/output/blob.py). A large page's
 * popup texts (ids, summaries, notes) travel apart: their lengths and UTF-8 bytes, unpacked
 * only after the map is first drawn, so a million notes do not hold the map back. Until then a
 * popup says it is loading them. A page that cannot inflate its data says so on the page
 * instead of staying blank. */
function geomapReadData(text, textsText, ready) {
  "use strict";
  var blob = JSON.parse(text);
  var waiting = [];
  function whenTexts(callback) { if (waiting) { waiting.push(callback); } else { callback(); } }
  function textsArrived() { var callbacks = waiting; waiting = null; callbacks.forEach(function (c) { c(); }); }
  if (!blob || typeof blob.gzip !== "string") {
    blob.texts = { buffer: null }; blob.whenTexts = whenTexts; ready(blob); textsArrived(); return;
  }
  if (typeof DecompressionStream === "undefined") {
    document.body.insertAdjacentText("afterbegin",
      "This browser cannot unpack the map's data (it lacks DecompressionStream); open it in a current browser.");
    return;
  }
  function whenParsed(callback) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", callback); } else { callback(); }
  }
  function unpack(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }
  /* Base64 decoded a slice at a time; the texts yield between slices, so the map stays
   * responsive while they arrive. */
  function inflate(base64, yieldBetween) {
    return new Promise(function (resolve) {
      var bytes = new Uint8Array(Math.floor(base64.length / 4) * 3), filled = 0, at = 0, SLICE = 1 << 20;
      (function step() {
        for (; at < base64.length; at += SLICE) {
          var binary = atob(base64.slice(at, at + SLICE));
          for (var i = 0; i < binary.length; i++) { bytes[filled++] = binary.charCodeAt(i); }
          if (yieldBetween && at + SLICE < base64.length) { at += SLICE; setTimeout(step, 0); return; }
        }
        resolve(unpack(bytes.subarray(0, filled)));
      })();
    });
  }
  inflate(blob.gzip, false).then(function (buffer) {
    /* Columns of numbers as typed arrays over the buffer, then the JSON, then its length. */
    var size = new DataView(buffer).getUint32(buffer.byteLength - 4, true);
    var data = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, buffer.byteLength - 4 - size, size)));
    var kinds = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array };
    data.table.columns.forEach(function (column) {
      ["codes", "values"].forEach(function (key) {
        var spec = column[key];
        if (spec && spec.width) { column[key] = new kinds[spec.width](buffer, spec.at, spec.length); }
      });
    });
    data.texts = { buffer: null };
    data.whenTexts = whenTexts;
    ready(data);
    /* After the next frame is painted, and the page has been read to its end (the texts come
     * last in the file): the map shows first, the texts follow. */
    requestAnimationFrame(function () {
      setTimeout(function () {
        whenParsed(function () {
          var texts = textsText().trim();  /* the texts' gzip, as base64 */
          if (!texts) { textsArrived(); return; }
          inflate(texts, true).then(function (buffer) { data.texts.buffer = buffer; textsArrived(); });
        });
      }, 0);
    });
  });
}

/* The strike table as one reader per column: a column is one value for all strikes ({const}),
 * few values and each strike's number among them ({dict, codes}), one value per strike
 * ({values}), or one text per strike kept as UTF-8 bytes in the popup texts' buffer ({text}),
 * decoded only when read; until those texts have arrived it reads as a placeholder that
 * knows how to read it later. Nothing is copied per strike: a million strikes stay the
 * arrays the data holds. */
function tableReaders(table, texts) {
  "use strict";
  var decoder = new TextDecoder();
  return table.columns.map(function (column) {
    if ("const" in column) { var only = column["const"]; return function () { return only; }; }
    if (column.text) {
      var spec = column.text, offsets = null, bytes = null;
      var read = function (i) {
        if (!texts.buffer) { return { pending: true, later: function () { return read(i); } }; }
        if (!offsets) {
          var lengths = new Uint32Array(texts.buffer, spec.lengths, spec.length);
          offsets = new Uint32Array(spec.length + 1);
          for (var k = 0; k < lengths.length; k++) { offsets[k + 1] = offsets[k] + lengths[k]; }
          bytes = new Uint8Array(texts.buffer, spec.data, spec.bytes);
        }
        return decoder.decode(bytes.subarray(offsets[i], offsets[i + 1]));
      };
      return read;
    }
    if (column.dict) {
      var dict = column.dict, codes = column.codes;
      return function (i) { return dict[codes[i]]; };
    }
    var values = column.values;
    return function (i) { return values[i]; };
  });
}

/* Fold a name to its lookup key exactly as geomap/places/names.py does (name_key), from the rules
 * the page carries (names.folding_rules): "Albu Kamal", "Al-Bukamal" and "Boukamal" are one key,
 * and so are the Arabic spellings of a place. A browser test checks the two agree on every
 * bundled spelling. */
function geomapFolder(rules) {
  "use strict";
  var marks = new RegExp("[" + rules.marks.replace(/[\\\]^-]/g, "\\$&") + "]", "g");
  var invisible = /[\p{M}\p{Cf}]/gu, notWord = /[^\p{L}\p{N}]+/u, ascii = /^[\x00-\x7f]*$/;
  var articles = new Set(rules.articles), generic = rules.generic, glued = new RegExp(rules.glued);
  var folds = rules.folds.map(function (pair) { return [new RegExp(pair[0], "g"), pair[1]]; });
  var arabic = rules.arabic;
  function plain(name) {
    var text = ascii.test(name) ? name.toLowerCase()
      : name.normalize("NFKD").replace(invisible, "").toLowerCase().replace(/\u00df/g, "ss");
    return text.replace(marks, "").split(notWord).filter(Boolean).join(" ");
  }
  function foldWord(word, first) {
    if (!first) { word = word.replace(glued, function (m, pair, sh) { return (pair || sh)[0]; }); }
    if (Object.prototype.hasOwnProperty.call(generic, word)) { word = generic[word]; }
    if (!ascii.test(word)) {
      var out = "";
      for (var ch of word) { out += Object.prototype.hasOwnProperty.call(arabic, ch) ? arabic[ch] : ch; }
      return out.indexOf("\u0627\u0644") === 0 && out.length > 3 ? out.slice(2) : out;
    }
    folds.forEach(function (pair) { word = word.replace(pair[0], pair[1]); });
    return word;
  }
  function words(name) {
    var all = plain(name).split(" ").filter(Boolean);
    var kept = all.filter(function (w, i) { return !(articles.has(w) && i < all.length - 1); });
    return kept.map(function (w, i) { return foldWord(w, i === 0); });
  }
  return function nameKey(name) {
    var key = words(String(name)).join("");
    for (var round = 0; round < 6; round++) {
      var again = words(key).join("");
      if (again === key) { break; }
      key = again;
    }
    return key;
  };
}

function geomapStrikeLayer(map, data) {
  "use strict";
  /* A field of a strike: from its own row, or from the place (spot) or date
   * table it points into, so fields many strikes share are sent once. */
  var cols = {}, spotCols = {}, dateCols = {};
  data.columns.forEach(function (name, i) { cols[name] = i; });
  data.spot_columns.forEach(function (name, i) { spotCols[name] = i; });
  data.date_columns.forEach(function (name, i) { dateCols[name] = i; });
  /* A strike is its number in the table ("row" below); its fields are read where they are kept. */
  var readers = tableReaders(data.table, data.texts), count = data.table.length;
  var ops = data.operations || {};
  var spotOf = readers[cols.spot], whenOf = readers[cols.when];

  function val(row, name) {
    if (name in cols) { return readers[cols[name]](row); }
    if (name in spotCols) { return data.spots[spotOf(row)][spotCols[name]]; }
    return data.dates[whenOf(row)][dateCols[name]];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text && text.pending) {
      /* A popup text still on its way: said so, and filled in (or its line removed) when it comes. */
      node.textContent = "loading the report text\u2026";
      node.classList.add("geomap-loading");
      data.whenTexts(function () {
        var value = text.later();
        node.classList.remove("geomap-loading");
        if (value) { node.textContent = iso(value); } else { (node.closest(".geomap-line") || node).remove(); }
      });
    } else if (text !== undefined && text !== null && text !== "") { node.textContent = iso(text); }
    return node;
  }

  /* Text from the data, isolated from its neighbours' direction (FSI ... PDI): a right-to-left
   * override inside a name ends with the name, and cannot reverse what follows it. */
  function iso(text) {
    text = String(text);
    return /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(text) ? "\u2068" + text + "\u2069" : text;
  }

  /* A link as it will be followed: the parsed URL, its host in punycode where it is not ASCII. */
  function linkText(url) {
    try { return new URL(url).href; } catch (e) { return url; }
  }

  function isWebLink(url) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) { return false; }
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch (e) { return false; }
  }

  /* A link that opens apart from the map and tells the linked page nothing of it; url is http(s). */
  function webLink(url, className) {
    var a = el("a", className, linkText(url));
    a.setAttribute("href", url);
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
    return a;
  }

  /* A seed document by its file name, with its outlet and date where data/documents.csv gives them. */
  function documentNamed(name) {
    var known = (data.documents || {})[name];
    return name + (known && known[0] ? " (" + known[0] + ")" : "");
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function casualtyText(row) {
    var killed = val(row, "killed"), injured = val(row, "injured");
    var parts = [];
    if (killed !== null) { parts.push(killed + " killed"); }
    if (injured !== null) { parts.push(injured + " injured"); }
    return parts.join(", ");
  }

  function addLine(box, label, text) {
    if (text === undefined || text === null || text === "") { return null; }
    var line = el("div", "geomap-line");
    line.appendChild(el("span", "geomap-label", label + ": "));
    line.appendChild(el("span", "geomap-value", text));
    box.appendChild(line);
    return line;
  }

  function popupFor(i) {
    var row = i;
    var box = el("div", "geomap-popup");
    var when = val(row, "date_label") + (val(row, "time_local") ? ", " + val(row, "time_local") : "");
    box.appendChild(el("div", "geomap-popup-date", when));
    box.appendChild(el("div", "geomap-popup-place", val(row, "place")));
    addLine(box, "Reported as", val(row, "place_reported"));
    addLine(box, "Located", val(row, "place_detail"));
    addLine(box, "Target", val(row, "target"));

    var own = casualtyText(row);
    if (own && val(row, "casualty_scope") === "strike") {
      addLine(box, "Casualties", own + (val(row, "casualty_source") ? " (per " + iso(val(row, "casualty_source")) + ")" : ""));
    } else if (!val(row, "operation")) {
      addLine(box, "Casualties", val(row, "casualty_source") || "none reported");
    }
    var opId = val(row, "operation");
    if (opId && ops[opId]) {
      var op = ops[opId];
      var opText = [];
      if (op.killed !== null) { opText.push(op.killed + " killed"); }
      if (op.injured !== null) { opText.push(op.injured + " injured"); }
      var opLine = opText.length ? opText.join(", ") + " in the whole operation" : "no casualty figures for the operation";
      if (op.source) { opLine += " (per " + iso(op.source) + ")"; }
      opLine += "; one of " + plural(op.strikes, "strike") + " in operation " + iso(opId);
      addLine(box, "Operation", opLine);
    }
    var who = val(row, "actor") || "Unknown";
    addLine(box, "Attributed to", iso(who) + " (" + val(row, "attribution") + ")");
    var sources = val(row, "sources");
    addLine(box, "Sources", sources.length ? sources.map(iso).join("; ") : "none named in the report");
    var independent = val(row, "independent_sources");
    if (typeof independent === "number") {
      /* Counted by extract over every report of the strike: outlets quoting one monitor are one. */
      addLine(box, "Corroboration", "reported by " + plural(independent, "independent source"));
    }
    /* One link or several (';'-separated), each only if it is http(s). */
    var urls = String(val(row, "source_url") || "").split(";").map(function (u) { return u.trim(); }).filter(isWebLink);
    if (urls.length) {
      var line = el("div", "geomap-line");
      line.appendChild(el("span", "geomap-label", (urls.length > 1 ? "Links" : "Link") + ": "));
      urls.forEach(function (url, k) {
        if (k) { line.appendChild(document.createTextNode(" \u00b7 ")); }
        line.appendChild(webLink(url, "geomap-link"));
      });
      box.appendChild(line);
    }
    /* The seed document by its file name, and, where data/documents.csv lists it, its outlet, date
     * and address ("The National, 7 Nov 2024"). */
    var documentName = val(row, "source_document"), known = (data.documents || {})[documentName];
    var documentLine = addLine(box, "Document", documentNamed(documentName));
    if (documentLine && known && isWebLink(known[1])) {
      documentLine.appendChild(document.createTextNode(" "));
      documentLine.appendChild(webLink(known[1], "geomap-link geomap-document-link"));
    }
    if (val(row, "summary")) { box.appendChild(el("p", "geomap-summary", val(row, "summary"))); }
    if (val(row, "notes")) { box.appendChild(el("p", "geomap-notes", val(row, "notes"))); }
    if (val(row, "evidence")) {
      /* The report's own sentence, where extract kept it: folded, so the popup stays short. */
      var evidence = el("details", "geomap-evidence");
      evidence.appendChild(el("summary", null, "The report's words"));
      evidence.appendChild(el("blockquote", "geomap-evidence-text", val(row, "evidence")));
      box.appendChild(evidence);
    }
    addLine(box, "Id", val(row, "id"));
    box.appendChild(citation(row));
    return box;
  }

  /* "Cite this strike": one line to paste into a report (id, date, place, sources, document and a
   * link that opens this strike), and a button that copies it. */
  function citation(row) {
    /* Folded to one line until asked for: a taller popup would pan the map under it. */
    var line = el("details", "geomap-cite");
    var text = el("span", "geomap-cite-text");
    function fill() {
      var sources = val(row, "sources");
      text.textContent = [val(row, "id"), val(row, "date_label"), val(row, "place"),
        "reported by " + (sources.length ? sources.join(", ") : "no named source"),
        val(row, "source_document") ? "in " + documentNamed(val(row, "source_document")) : "",
        linkTo(val(row, "id"))].filter(function (part) { return part; }).join("; ");
    }
    if (val(row, "id").pending) { text.textContent = "loading the report text\u2026"; data.whenTexts(fill); }
    else { fill(); }
    var button = el("button", "geomap-cite-copy", "Copy citation");
    button.setAttribute("type", "button");
    button.addEventListener("click", function () { copyText(text.textContent, button, "Citation copied"); });
    line.appendChild(el("summary", "geomap-cite-summary", "Cite this strike"));
    line.appendChild(text);
    line.appendChild(button);
    return line;
  }
  function linkTo(id) {
    return location.href.replace(/#.*$/, "") + "#strike=" + encodeURIComponent(id);
  }
  /* Copy with the Clipboard API where the page may; else show the text selected, to copy by hand. */
  function copyText(text, button, done) {
    function byHand() {
      var field = el("input", "geomap-copy-field");
      field.setAttribute("readonly", "readonly");
      field.setAttribute("aria-label", "Text to copy");
      field.value = text;
      button.parentNode.insertBefore(field, button.nextSibling);
      field.select();
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { button.textContent = done; }, byHand);
    } else { byHand(); }
  }

  function tooltipFor(i) {
    var row = i;
    return el("span", "geomap-tooltip", val(row, "date_label") + " \u2014 " + iso(val(row, "place")));
  }

  /* Markers: one icon object per (actor, attribution) pair, shared. */
  var icons = {};
  function iconFor(row) {
    var key = val(row, "actor_index") + "|" + val(row, "attribution") + "|" + val(row, "date_precision");
    if (!icons[key]) {
      icons[key] = L.divIcon({
        className: "geomap-marker geomap-actor-" + val(row, "actor_index") +
          " geomap-att-" + val(row, "attribution") + " geomap-prec-" + val(row, "date_precision"),
        iconSize: [16, 16],
        iconAnchor: [8, 8],
        popupAnchor: [0, -8],
        tooltipAnchor: [8, 0]
      });
    }
    return icons[key];
  }

  /* Strikes that share a spot (a place at one precision) and are many are drawn as one stack,
   * whose number says how many: a million events at a few thousand places are a few thousand
   * markers, not a million. A spot with at most STACK_LIMIT shown strikes has a marker for each,
   * which spiderfy apart at the closest zoom. Clusters count the strikes inside, not the markers. */
  var STACK_LIMIT = 12, MAX_SINGLES = 5000, stackLimit = STACK_LIMIT;
  /* An icon that names itself for screen readers and keyboard users (markers and clusters take
   * the focus with Tab; Enter opens them, Escape closes a popup). */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var node = L.DivIcon.prototype.createIcon.call(this, old);
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", this.options.label);
      return node;
    }
  });
  /* A cluster's ring shows who struck, each actor's colour in its share of the strikes inside. */
  function clusterIcon(group) {
    var n = 0, byActor = new Float64Array(data.actors.length);
    group.getAllChildMarkers().forEach(function (m) {
      var k = m.geomapCount || 1;
      n += k;
      if (m.geomapActors) { for (var a = 0; a < byActor.length; a++) { byActor[a] += m.geomapActors[a]; } }
      else { byActor[m.geomapSpot !== undefined ? actorIdx[m.geomapFirst] : actorIdx[m.geomapIndex]] += k; }
    });
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var box = el("div"), label = el("span", null, String(n)), stops = [], at = 0, named = [];
    for (var a = 0; a < byActor.length; a++) {
      if (!byActor[a]) { continue; }
      var end = at + byActor[a] / n * 360;
      stops.push(data.actors[a].color + " " + at.toFixed(1) + "deg " + end.toFixed(1) + "deg");
      named.push([byActor[a], data.actors[a].name]);
      at = end;
    }
    box.style.background = "conic-gradient(" + stops.join(", ") + ")";
    box.appendChild(label);
    named.sort(function (x, y) { return y[0] - x[0]; });
    var who = named.slice(0, 3).map(function (pair) { return Math.round(pair[0]) + " " + pair[1]; }).join(", ") +
      (named.length > 3 ? " and others" : "");
    return new NamedIcon({ html: box.outerHTML, className: "marker-cluster geomap-cluster marker-cluster-" + size,
                           iconSize: L.point(40, 40), label: plural(n, "strike") + " here (" + who + "); open to see them" });
  }
  /* Enter (or Space) on a focused marker, stack or cluster does what a click does: Leaflet's own
   * key handling opens only popups bound already, and geomap binds them on first use. Escape
   * closes the popup wherever the focus is in the map: Leaflet's own handler listens only while
   * the map itself has the focus, not a marker or the popup. */
  map.getContainer().addEventListener("keydown", function (e) {
    var target = e.target;
    if ((e.key === "Enter" || e.key === " ") && target.classList && target.classList.contains("leaflet-marker-icon")) {
      e.preventDefault();
      target.click();
    } else if (e.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
      map.closePopup();
    }
  });
  function named(marker, label) {
    marker.on("add", function () {
      if (marker._icon) { marker._icon.setAttribute("aria-label", label()); marker._icon.setAttribute("role", "button"); }
    });
    return marker;
  }
  var cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    zoomToBoundsOnClick: false,  /* see clusterclick below: only as close as splits the cluster */
    iconCreateFunction: clusterIcon
    /* No chunked loading: with stacks the map holds a few thousand markers at most, which are
     * clustered at once faster than in chunks spread over timers. */
  });
  var areas = L.layerGroup();
  var areaRenderer = L.canvas({ padding: 0.5 });
  var markers = [], stacks = [];
  function markerFor(i) {
    if (!markers[i]) {
      markers[i] = named(L.marker([val(i, "lat"), val(i, "lon")], { icon: iconFor(i) }), function () {
        return "Strike: " + val(i, "date_label") + ", " + iso(val(i, "place")) + ", attributed to " +
          iso(val(i, "actor") || "unknown") + " (" + val(i, "attribution") + ")";
      });
      markers[i].geomapIndex = i;
    }
    return markers[i];
  }
  function stackFor(spot, n) {
    var stack = stacks[spot];
    if (!stack) {
      var row = data.spots[spot];
      stack = stacks[spot] = named(L.marker([row[spotCols.lat], row[spotCols.lon]]), function () {
        return plural(stack.geomapCount, "strike") + " at " + iso(row[spotCols.place]);
      });
      stack.geomapSpot = spot;
    }
    if (stack.geomapCount !== n) {
      stack.geomapCount = n;
      var badge = el("span", "geomap-stack-count", String(n));
      stack.setIcon(L.divIcon({ className: "geomap-stack", html: badge.outerHTML, iconSize: [30, 30] }));
    }
    return stack;
  }

  /* Popups and tooltips are bound on a marker's first click or hover, so a
   * page of 100,000 strikes does not build 200,000 of them up front. */
  function bindPopup(marker) {
    if (!marker.getPopup()) {
      marker.bindPopup(function () {
        return marker.geomapSpot !== undefined ? stackPopup(marker.geomapSpot) : popupFor(marker.geomapIndex);
      }, popupOptions());
    }
  }
  function bindTooltip(marker) {
    if (!marker.getTooltip()) {
      marker.bindTooltip(function () {
        if (marker.geomapSpot !== undefined) {
          return el("span", "geomap-tooltip", plural(marker.geomapCount, "strike") + " \u2014 " +
                    iso(data.spots[marker.geomapSpot][spotCols.place]));
        }
        return tooltipFor(marker.geomapIndex);
      }, { direction: "right" });
    }
  }
  /* A click on a cluster zooms only as far as it takes to split it, no further, with all its strikes
   * in the free part of the view; a cluster that no zoom splits opens into its strikes (spiderfies).
   * markercluster's own click zooms to the strikes' bounds, which can jump from 200 km to 5 km. */
  cluster.on("clusterclick", function (e) {
    var group = e.layer, node = group;
    while (node._childClusters && node._childClusters.length === 1 && !node._markers.length) { node = node._childClusters[0]; }
    var split = node._zoom + 1, room = reserved();
    var fits = map.getBoundsZoom(group.getBounds(), false, room.topLeft.add(room.bottomRight));
    var zoom = Math.min(split, fits);
    if (split > map.getMaxZoom() || zoom <= map.getZoom()) { group.spiderfy(); return; }
    fitTo(group.getBounds(), zoom);
  });
  cluster.on("click", function (e) {
    if (!e.layer.getPopup() && (e.layer.geomapIndex !== undefined || e.layer.geomapSpot !== undefined)) {
      bindPopup(e.layer); e.layer.openPopup();
    }
  });
  cluster.on("mouseover", function (e) {
    if (!e.layer.getTooltip() && (e.layer.geomapIndex !== undefined || e.layer.geomapSpot !== undefined)) {
      bindTooltip(e.layer); e.layer.openTooltip();
    }
  });

  /* A stack's popup: its shown strikes, newest first, a page at a time; each opens its own details.
   * Each of its buttons replaces the popup's content, itself included, and so stops its click
   * there: Leaflet lets a click bubble to the map and asks whether it came from inside a popup by
   * walking up from the target, which by then is out of the page, so the map would take it for a
   * click on the map and close the popup (every time, once its fade-out ended). */
  var STACK_PAGE = 25;
  function stackPopup(spot, start) {
    start = start || 0;
    var members = shownIndexes.filter(function (i) { return spotOf(i) === spot; });
    members.sort(newestFirst);
    var box = el("div", "geomap-popup geomap-stack-popup");
    box.appendChild(el("div", "geomap-popup-place", data.spots[spot][spotCols.place]));
    box.appendChild(el("div", "geomap-stack-title", plural(members.length, "strike") + " shown here"));
    var list = el("ol", "geomap-stack-list");
    list.setAttribute("start", String(start + 1));
    members.slice(start, start + STACK_PAGE).forEach(function (i) {
      var item = el("li");
      var open = el("button", "geomap-stack-item", val(i, "date_label") + " \u2014 " +
                    iso(val(i, "actor") || "Unknown") + (val(i, "target") ? ", " + iso(val(i, "target")) : ""));
      open.setAttribute("type", "button");
      open.addEventListener("click", function (e) {
        L.DomEvent.stopPropagation(e);  /* see stackPopup's comment */
        showingStrike(i);
        var details = popupFor(i);
        var back = el("button", "geomap-stack-back", "\u2190 all strikes here");
        back.setAttribute("type", "button");
        back.addEventListener("click", function (e) { L.DomEvent.stopPropagation(e); openStack(spot, start); });
        details.insertBefore(back, details.firstChild);
        stacks[spot].setPopupContent(details);
      });
      item.appendChild(open);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (start + STACK_PAGE < members.length) {
      var more = el("button", "geomap-stack-more", "next " + Math.min(STACK_PAGE, members.length - start - STACK_PAGE));
      more.setAttribute("type", "button");
      more.addEventListener("click", function (e) { L.DomEvent.stopPropagation(e); openStack(spot, start + STACK_PAGE); });
      box.appendChild(more);
    }
    return box;
  }
  function openStack(spot, start) {
    var stack = stacks[spot];
    bindPopup(stack);
    stack.setPopupContent(stackPopup(spot, start));
    if (!stack.isPopupOpen()) { stack.openPopup(); }
  }

  /* Area circles: drawn only for shown markers and stacks in (and around) the view, at
   * most MAX_AREAS of them, on one canvas; enough to read an area, cheap at any size. */
  var MAX_AREAS = 400;
  var shownIndexes = [], units = [], circles = [], stackCircles = [];
  function circleAt(cache, key, latlng, radiusKm, colour) {
    if (!cache[key]) {
      cache[key] = L.circle(latlng, {
        radius: radiusKm * 1000, renderer: areaRenderer, color: colour, fillColor: colour,
        weight: 1, dashArray: "4 4", fillOpacity: 0.08, interactive: false
      });
    }
    return cache[key];
  }
  function updateAreas() {
    areas.clearLayers();
    var view = map.getBounds().pad(0.5), drawn = 0;
    for (var k = 0; k < units.length && drawn < MAX_AREAS; k++) {
      var unit = units[k], spot = unit.geomapSpot !== undefined ? unit.geomapSpot : spotOf(unit.geomapIndex);
      var row = data.spots[spot], radius = row[spotCols.radius_km];
      if (radius > 0 && view.contains(unit.getLatLng())) {
        var first = unit.geomapSpot !== undefined ? unit.geomapFirst : unit.geomapIndex;
        var colour = data.actors[val(first, "actor_index")].color;
        areas.addLayer(unit.geomapSpot !== undefined
          ? circleAt(stackCircles, spot, unit.getLatLng(), radius, colour)
          : circleAt(circles, first, unit.getLatLng(), radius, colour));
        drawn++;
      }
    }
  }
  /* Country outlines under everything, as lines only: they keep the map
   * readable with no tiles (offline) and do not hide the tiles online. */
  if (data.outlines) {
    L.geoJSON(data.outlines, {
      interactive: false,
      style: { color: "#666", weight: 1, opacity: 0.8, fill: false, className: "geomap-outline" }
    }).addTo(map);
  }
  areas.addTo(map);
  cluster.addTo(map);
  map.on("moveend", updateAreas);

  /* Filters: date range, attribution, year and a place search, applied together. */
  var state = { from: data.first_day, to: data.last_day, attributions: {}, actors: {}, search: "" };
  data.actors.forEach(function (actor, index) { state.actors[index] = true; });
  data.attributions.forEach(function (a) { state.attributions[a] = true; });

  /* The fields every filter pass reads, looked up once: a pass over a million strikes
   * then costs a few array reads per strike. */
  var attributionOf = readers[cols.attribution], scopeOf = readers[cols.casualty_scope];
  var killedOf = readers[cols.killed], injuredOf = readers[cols.injured], operationOf = readers[cols.operation];
  var reportedOf = readers[cols.place_reported];
  var FIRST = dateCols.first_day, LAST = dateCols.last_day, LABEL = dateCols.date_label;
  var actorNameOf = readers[cols.actor], targetOf = readers[cols.target], sourcesOf = readers[cols.sources];
  var summaryOf = readers[cols.summary];
  function firstDayOf(i) { return data.dates[whenOf(i)][FIRST]; }
  /* Strikes newest first, and in table order within a day (stacks, search results, print). */
  function newestFirst(x, y) { return firstDayOf(y) < firstDayOf(x) ? -1 : firstDayOf(y) > firstDayOf(x) ? 1 : x - y; }
  var nameKey = geomapFolder(data.folding);
  var groupsOfKey = {};
  (data.spellings || []).forEach(function (keys) {
    keys.forEach(function (key) { (groupsOfKey[key] = groupsOfKey[key] || []).push(keys); });
  });
  /* A search's folded key (2 letters or more), and every key of a curated place it is a spelling of. */
  function keysFor(text) {
    var key = text ? nameKey(text) : "";
    if (key.length < 2) { return []; }
    var keys = [key];
    (groupsOfKey[key] || []).forEach(function (group) { keys = keys.concat(group); });
    return keys.filter(function (k, i) { return k.length >= 2 && keys.indexOf(k) === i; });
  }
  /* A spot is found by any of its spellings as written, or by its spellings' folded keys: the
   * search is folded as names.py folds ("Albu Kamal", "abu-kamal" and "البوكمال" are Abu Kamal). */
  var spotHay = data.spots.map(function (row) {
    return (row[spotCols.place] + " " + row[spotCols.search_names]).toLowerCase() +
      "\u0000 " + row[spotCols.search_keys] + " ";
  });
  var lowered = {}, lowerCase = {};
  /* Actors, targets and sources repeat: each is lowered once. */
  function lowerOf(text) {
    if (!text) { return ""; }
    var low = lowerCase[text];
    if (low === undefined) { low = lowerCase[text] = String(text).toLowerCase(); }
    return low;
  }
  function reportedHay(text) {
    if (lowered[text] === undefined) { lowered[text] = String(text).toLowerCase() + "\u0000 " + nameKey(text) + " "; }
    return lowered[text];
  }

  /* A test of one column's values, made for one search: a column of few values is tested once per
   * value, any other once per distinct value it meets. */
  function valueMatcher(index, test) {
    var column = data.table.columns[index];
    if ("const" in column) { var always = !!test(column["const"]); return function () { return always; }; }
    if (column.dict) {
      var ok = new Uint8Array(column.dict.length), codes = column.codes;
      column.dict.forEach(function (value, k) { ok[k] = test(value) ? 1 : 0; });
      return function (i) { return ok[codes[i]] === 1; };
    }
    var read = readers[index], seen = new Map();
    return function (i) {
      var value = read(i);
      if (value === null || value === undefined || value.pending) { return false; }
      var key = Array.isArray(value) ? value.join("\u0001") : value, result = seen.get(key);
      if (result === undefined) { result = !!test(value); seen.set(key, result); }
      return result;
    };
  }
  /* The summaries, lowered once, for the search: on maps of up to SEARCH_SUMMARIES_UP_TO strikes
   * (beyond, a million summaries would hold hundreds of MB; the search then covers places, actors,
   * targets and sources). Null until a large page's texts have arrived. */
  var SEARCH_SUMMARIES_UP_TO = 200000, summariesLow = null;
  function loweredSummaries() {
    if (summariesLow === null && count <= SEARCH_SUMMARIES_UP_TO) {
      var sample = count ? summaryOf(0) : "";
      if (sample && sample.pending) { return null; }
      summariesLow = new Array(count);
      for (var i = 0; i < count; i++) { var text = summaryOf(i); summariesLow[i] = text ? String(text).toLowerCase() : ""; }
    }
    return summariesLow;
  }
  /* Lowered ahead of the first search, a slice at a time while the page is idle, so the first
   * word typed does not wait for them. */
  var loweringAt = 0, lowering = null;
  function lowerSomeSummaries() {
    if (summariesLow !== null || count > SEARCH_SUMMARIES_UP_TO) { return; }
    if (lowering === null) { lowering = new Array(count); }
    var end = Math.min(count, loweringAt + 20000);
    for (; loweringAt < end; loweringAt++) {
      var text = summaryOf(loweringAt);
      lowering[loweringAt] = text ? String(text).toLowerCase() : "";
    }
    if (loweringAt >= count) { summariesLow = lowering; lowering = null; }
    else { (window.requestIdleCallback || setTimeout)(lowerSomeSummaries); }
  }
  data.whenTexts(function () {
    if (state.search && count <= SEARCH_SUMMARIES_UP_TO) { apply(); }
    (window.requestIdleCallback || setTimeout)(lowerSomeSummaries);
  });

  /* Each strike's date and spot numbers, and its attribution's, as typed arrays made once: a
   * filter pass then reads three small integers per strike and decides dates once per date. */
  var whenIdx = new Int32Array(count), spotIdx = new Int32Array(count), attIdx = new Int32Array(count);
  var actorIdx = new Int32Array(count), actorOf = readers[cols.actor_index];
  var attributionNames = [], attributionNumber = {};
  for (var n = 0; n < count; n++) {
    whenIdx[n] = whenOf(n);
    spotIdx[n] = spotOf(n);
    actorIdx[n] = actorOf(n);
    var att = attributionOf(n);
    if (attributionNumber[att] === undefined) { attributionNumber[att] = attributionNames.push(att) - 1; }
    attIdx[n] = attributionNumber[att];
  }

  var summaryBox = el("div", "geomap-summary-body");

  /* Markers and stacks on the map change by difference: those no longer shown leave, new ones
   * join, and the clusters over a stack whose number changed are recounted. Rebuilding the
   * clusters from nothing on every filter costs most of a filter at a million strikes. */
  var onMap = new Set(), recounted = [];
  function regroup(wanted) {
    var next = new Set(wanted), leaving = [], joining = [];
    onMap.forEach(function (unit) { if (!next.has(unit)) { leaving.push(unit); } });
    wanted.forEach(function (unit) { if (!onMap.has(unit)) { joining.push(unit); } });
    if (leaving.length) { cluster.removeLayers(leaving); }
    if (joining.length) { cluster.addLayers(joining); }
    var stillThere = recounted.filter(function (unit) { return onMap.has(unit) && next.has(unit); });
    if (stillThere.length) { cluster.refreshClusters(stillThere); }
    onMap = next;
  }

  var timings = {};  /* where the last filter pass spent its time, in ms (for benchmarks) */
  function apply() {
    var started = performance.now();
    shownIndexes = [];
    var killed = 0, injured = 0, first = null, last = null, firstW = -1, lastW = -1, seenOps = {}, opsShown = 0;
    var opKilled = 0, opInjured = 0;
    var perSpot = new Int32Array(data.spots.length), firstOfSpot = new Int32Array(data.spots.length);
    /* A strike is shown when its date range meets the chosen range, its actor and attribution are
     * switched on, and the search (if any) is in its place's names, the place as reported, its
     * actor, target, sources or summary. Dates and attributions are decided once each. */
    var dateOk = new Uint8Array(data.dates.length), attOk = new Uint8Array(attributionNames.length);
    data.dates.forEach(function (date, w) {
      dateOk[w] = date[LAST] >= state.from && date[FIRST] <= state.to ? 1 : 0;
    });
    attributionNames.forEach(function (name, a) { attOk[a] = state.attributions[name] ? 1 : 0; });
    var search = state.search, searchKeys = keysFor(search);
    /* The text as typed, or its folded key (or the keys of the curated place it spells) inside a
     * spelling's key. */
    function found(hay) {
      var at = hay.indexOf("\u0000");
      if (hay.lastIndexOf(search, at) >= 0) { return true; }
      for (var k = 0; k < searchKeys.length; k++) { if (hay.indexOf(searchKeys[k], at) >= 0) { return true; } }
      return false;
    }
    /* A strike matches by its place (decided once per place), the place as reported, its actor,
     * target or sources (once per distinct value), or its summary, as typed (case aside). */
    var matches = null;
    if (search) {
      var spotMatch = new Uint8Array(data.spots.length);
      for (var sp = 0; sp < spotHay.length; sp++) { spotMatch[sp] = found(spotHay[sp]) ? 1 : 0; }
      var has = function (text) { return lowerOf(text).indexOf(search) >= 0; };
      var byReported = valueMatcher(cols.place_reported, function (text) { return found(reportedHay(text)); });
      var byActorName = valueMatcher(cols.actor, has), byTarget = valueMatcher(cols.target, has);
      var bySources = valueMatcher(cols.sources, function (names) { return names.some(has); });
      var summaries = loweredSummaries();
      matches = function (i) {
        return spotMatch[spotIdx[i]] === 1 || byReported(i) || byActorName(i) || byTarget(i) || bySources(i) ||
          summaries !== null && summaries[i].indexOf(search) >= 0;
      };
    }
    var actorOk = new Uint8Array(data.actors.length);
    data.actors.forEach(function (actor, index) { actorOk[index] = state.actors[index] ? 1 : 0; });
    /* The legend counts what every other filter leaves: an actor's strikes under the dates,
     * attributions and search chosen, so switching an actor off does not hide its number. */
    actorCounts = new Int32Array(data.actors.length);
    attributionCounts = {};
    attributionNames.forEach(function (name) { attributionCounts[name] = 0; });
    /* The timeline counts what every filter but the dates leaves, per date and actor. */
    var nActors = data.actors.length, perDateActor = new Int32Array(data.dates.length * nActors);
    /* Each place's strikes per actor, for the clusters' rings (left out past a few million cells). */
    var perSpotActor = data.spots.length * nActors <= 4000000 ? new Int32Array(data.spots.length * nActors) : null;
    for (var i = 0; i < count; i++) {
      var byActor = actorOk[actorIdx[i]], byAttribution = attOk[attIdx[i]];
      if (!byActor && !byAttribution) { continue; }
      if (matches !== null && !matches(i)) { continue; }
      var w = whenIdx[i];
      if (byActor && byAttribution) { perDateActor[w * nActors + actorIdx[i]]++; }
      if (!dateOk[w]) { continue; }
      if (byAttribution) { actorCounts[actorIdx[i]]++; }
      if (byActor) { attributionCounts[attributionNames[attIdx[i]]]++; }
      if (!byActor || !byAttribution) { continue; }
      shownIndexes.push(i);
      var spot = spotIdx[i];
      if (perSpot[spot]++ === 0) { firstOfSpot[spot] = i; }
      if (perSpotActor) { perSpotActor[spot * nActors + actorIdx[i]]++; }
      var date = data.dates[w];
      if (first === null || date[FIRST] < first) { first = date[FIRST]; firstW = w; }
      if (last === null || date[LAST] > last) { last = date[LAST]; lastW = w; }
      if (scopeOf(i) === "strike") {
        killed += killedOf(i) || 0;
        injured += injuredOf(i) || 0;
      }
      var opId = operationOf(i);
      if (opId && ops[opId] && !seenOps[opId]) {
        /* An operation's own figures are counted once, however many of its strikes are shown. */
        seenOps[opId] = true;
        opsShown++;
        opKilled += ops[opId].killed || 0;
        opInjured += ops[opId].injured || 0;
        killed += ops[opId].killed || 0;
        injured += ops[opId].injured || 0;
      }
    }
    /* More than MAX_SINGLES strikes would get a marker of their own: then every spot with more
     * than one strike is a stack, so the map never holds more than a few thousand markers. */
    var singles = 0;
    for (var c = 0; c < perSpot.length; c++) { if (perSpot[c] <= STACK_LIMIT) { singles += perSpot[c]; } }
    stackLimit = singles > MAX_SINGLES ? 1 : STACK_LIMIT;
    units = [];
    for (var k = 0; k < shownIndexes.length; k++) {
      if (perSpot[spotIdx[shownIndexes[k]]] <= stackLimit) { units.push(markerFor(shownIndexes[k])); }
    }
    recounted = [];
    for (var s = 0; s < perSpot.length; s++) {
      if (perSpot[s] > stackLimit) {
        var before = stacks[s] ? stacks[s].geomapCount : undefined;
        var stack = stackFor(s, perSpot[s]);
        if (before !== undefined && before !== perSpot[s]) { recounted.push(stack); }
        stack.geomapFirst = firstOfSpot[s];
        stack.geomapActors = perSpotActor ? perSpotActor.subarray(s * nActors, (s + 1) * nActors) : null;
        units.push(stack);
      }
    }
    map.closePopup();
    timings.select = performance.now() - started;
    regroup(units);
    timings.regroup = performance.now() - started - timings.select;
    updateAreas();
    timings.areas = performance.now() - started - timings.select - timings.regroup;
    refreshLegend();
    sheetText();
    summaryBox.textContent = "";
    summaryBox.appendChild(el("div", "geomap-count", plural(shownIndexes.length, "strike") + " shown of " + count));
    summaryBox.appendChild(el("div", "geomap-range", first === null ? "no dates"
      : firstW === lastW ? data.dates[firstW][LABEL] : data.dates[firstW][LABEL] + " to " + data.dates[lastW][LABEL]));
    summaryBox.appendChild(el("div", "geomap-killed", "Reported killed: " + killed));
    summaryBox.appendChild(el("div", "geomap-injured", "Reported injured: " + injured));
    if (opsShown) {
      /* An operation's figures are the whole operation's, whichever of its strikes are shown. */
      summaryBox.appendChild(el("div", "geomap-casualty-note", "These include the whole-operation figures of " +
        plural(opsShown, "operation") + " (" + opKilled + " killed, " + opInjured + " injured), counted once: " +
        "the reports do not split them by strike."));
    }
    timeline.draw(perDateActor);
    showMatches();
    relabel();
    timings.total = performance.now() - started;
  }

  /* The panel: summary, filters. */
  var Panel = L.Control.extend({
    options: { position: "topright" },
    onAdd: function () {
      var box = el("div", "geomap-panel leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var title = el("div", "geomap-panel-title");
      title.appendChild(el("span", null, data.title));
      if (document.documentElement.requestFullscreen) {
        /* Full screen with the browser's own Fullscreen API: no plugin file to load. */
        var full = el("button", "geomap-fullscreen", "Full screen");
        /* The whole page, so the timeline under the map comes too. */
        full.setAttribute("type", "button");
        full.setAttribute("title", "Full screen");
        full.addEventListener("click", function () {
          if (document.fullscreenElement) { document.exitFullscreen(); }
          else { document.documentElement.requestFullscreen(); }
        });
        document.addEventListener("fullscreenchange", function () { layout(); });
        title.appendChild(full);
      }
      box.appendChild(title);
      box.appendChild(summaryBox);

      var dates = el("div", "geomap-dates");
      /* Dates typed as the page writes them (13 Jan 2021, Jan 2021) or as ISO; the browser's own
       * date box would show a third format, the reader's locale's. */
      function dateInput(labelText, key, cls) {
        var label = el("label", "geomap-date-label", labelText + " ");
        var input = el("input", cls);
        input.setAttribute("type", "text");
        input.setAttribute("inputmode", "text");
        input.setAttribute("autocomplete", "off");
        input.setAttribute("placeholder", "13 Jan 2021");
        input.setAttribute("title", "a day (13 Jan 2021 or 2021-01-13), a month (Jan 2021) or a year");
        input.addEventListener("change", function () {
          var typed = input.value.trim(), day = typed ? parseDay(typed, key === "to") : (key === "from" ? data.first_day : data.last_day);
          if (day === null) { input.setAttribute("aria-invalid", "true"); return; }
          timeline.stop();
          if (key === "from") { setRange(day, state.to); } else { setRange(state.from, day); }
          writeHash();
        });
        label.appendChild(input);
        dates.appendChild(label);
        dateBoxes.push([input, key]);
      }
      dateInput("From", "from", "geomap-date-from");
      dateInput("To", "to", "geomap-date-to");
      box.appendChild(dates);
      syncDates();

      function checkboxes(title, values, key, labelOf) {
        var group = el("fieldset", "geomap-toggles geomap-toggles-" + key);
        group.appendChild(el("legend", null, title));
        values.forEach(function (value) {
          var label = el("label", "geomap-toggle");
          var input = el("input");
          input.setAttribute("type", "checkbox");
          input.setAttribute("data-value", String(value));
          input.checked = true;
          input.addEventListener("change", function () { state[key][value] = input.checked; apply(); writeHash(); });
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + labelOf(value)));
          group.appendChild(label);
        });
        box.appendChild(group);
      }
      checkboxes("Attribution", data.attributions, "attributions", function (a) { return a; });
      /* Years as shortcuts: a click sets the range to that year (the timeline shows it). */
      if (data.years.length > 1) {
        var years = el("div", "geomap-years");
        years.appendChild(el("span", "geomap-years-label", "Years: "));
        data.years.forEach(function (year) {
          var button = el("button", "geomap-year", String(year));
          button.setAttribute("type", "button");
          button.setAttribute("data-value", String(year));
          button.addEventListener("click", function () {
            timeline.stop(); setRange(year + "-01-01", year + "-12-31"); writeHash();
          });
          years.appendChild(button);
        });
        box.appendChild(years);
      }

      var searchLabel = el("label", "geomap-search-label", "Search ");
      var search = el("input", "geomap-search");
      search.setAttribute("type", "search");
      search.setAttribute("placeholder", "a place in any spelling, an actor, a target, a source\u2026");
      var settle = 0;
      search.addEventListener("input", function () {
        state.search = search.value.trim().toLowerCase(); apply(); writeHash();
        clearTimeout(settle);
        settle = setTimeout(showFound, 400);
      });
      searchLabel.appendChild(search);
      box.appendChild(searchLabel);
      box.appendChild(matchesBox);

      /* The address holds this view (see writeHash): copied, it opens the same map elsewhere. */
      var copy = el("button", "geomap-copy-link", "Copy link to this view");
      copy.setAttribute("type", "button");
      copy.addEventListener("click", function () { copyText(location.href, copy, "Link copied"); });
      box.appendChild(copy);

      /* "Download what is shown": the filtered strikes as CSV or GeoJSON, made in the page. */
      var downloads = el("div", "geomap-downloads");
      downloads.appendChild(el("span", null, "Download what is shown: "));
      [["CSV", "csv"], ["GeoJSON", "geojson"]].forEach(function (pair) {
        var button = el("button", "geomap-download geomap-download-" + pair[1], pair[0]);
        button.setAttribute("type", "button");
        button.addEventListener("click", function () { data.whenTexts(function () { download(pair[1]); }); });
        downloads.appendChild(button);
      });
      box.appendChild(downloads);
      panelBox = box;
      return box;
    }
  });

  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      var box = el("div", "geomap-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      box.appendChild(el("div", "geomap-legend-title", "Who is reported to have struck (click to show or hide)"));
      /* Each line is a button that shows or hides its strikes; its number follows every filter. */
      function toggle(swatchClass, label, isOn, flip) {
        var line = el("button", "geomap-legend-line geomap-legend-toggle");
        line.setAttribute("type", "button");
        line.appendChild(el("span", swatchClass));
        var text = el("span", "geomap-legend-text");
        line.appendChild(text);
        line.addEventListener("click", function () { flip(); apply(); writeHash(); });
        box.appendChild(line);
        return function (count) {
          text.textContent = " " + label + " (" + count + ")";
          line.setAttribute("aria-pressed", isOn() ? "true" : "false");
          line.classList.toggle("geomap-legend-off", !isOn());
        };
      }
      data.actors.forEach(function (actor, index) {
        var show = toggle("geomap-swatch geomap-actor-" + index, actor.name,
                          function () { return state.actors[index]; },
                          function () { state.actors[index] = !state.actors[index]; });
        legendLines.push(function () { show(actorCounts ? actorCounts[index] : actor.count); });
      });
      box.appendChild(el("div", "geomap-legend-title", "How sure the reports are"));
      [["claimed", "claimed by the attacker (solid)"], ["alleged", "alleged by others (ringed)"],
       ["unattributed", "nobody named (dashed edge)"]].forEach(function (pair) {
        if (!(pair[0] in state.attributions)) {
          var fixed = el("div", "geomap-legend-line");
          fixed.appendChild(el("span", "geomap-swatch geomap-swatch-att geomap-att-" + pair[0]));
          fixed.appendChild(document.createTextNode(" " + pair[1] + " (0)"));
          box.appendChild(fixed);
          return;
        }
        var show = toggle("geomap-swatch geomap-swatch-att geomap-att-" + pair[0], pair[1],
                          function () { return state.attributions[pair[0]]; },
                          function () { state.attributions[pair[0]] = !state.attributions[pair[0]]; });
        legendLines.push(function () { show(attributionCounts ? attributionCounts[pair[0]] || 0 : 0); });
      });
      box.appendChild(el("div", "geomap-legend-note",
        "Dashed circle: the strike is only known to lie in that area. Square marker: only the month is known."));
      return box;
    }
  });

  /* The shown strikes as a file: every field the page holds, one row (or feature) per strike. */
  var DOWNLOAD_FIELDS = ["id", "date_label", "date_precision", "first_day", "last_day", "time_local", "place",
    "lat", "lon", "radius_km", "place_reported", "location_precision", "actor", "attribution", "target",
    "killed", "injured", "casualty_scope", "casualty_source", "operation", "sources", "independent_sources",
    "source_url", "source_document", "summary", "notes"];
  function fieldOf(i, name) {
    var value = val(i, name);
    if (Array.isArray(value)) { return value.join("; "); }
    return value === null || value === undefined ? "" : value;
  }
  /* Report text is untrusted: a cell a spreadsheet would run as a formula is written as text, as
   * geomap export does (tables.spreadsheet_safe). */
  function csvCell(value) {
    var text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function download(format) {
    var rows = shownIndexes.slice().sort(function (a, b) { return a - b; }), text, type;
    if (format === "csv") {
      text = DOWNLOAD_FIELDS.join(",") + "\n" + rows.map(function (i) {
        return DOWNLOAD_FIELDS.map(function (name) { return csvCell(fieldOf(i, name)); }).join(",");
      }).join("\n") + "\n";
      type = "text/csv";
    } else {
      text = JSON.stringify({ type: "FeatureCollection", features: rows.map(function (i) {
        var properties = {};
        DOWNLOAD_FIELDS.forEach(function (name) {
          if (name !== "lat" && name !== "lon") { properties[name] = val(i, name) === undefined ? null : val(i, name); }
        });
        return { type: "Feature", geometry: { type: "Point", coordinates: [val(i, "lon"), val(i, "lat")] },
                 properties: properties };
      }) });
      type = "application/geo+json";
    }
    var link = el("a");
    link.setAttribute("href", URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" })));
    link.setAttribute("download", "strikes-shown." + format);
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  /* Open strike i's popup as a click would; a strike inside a stack opens as a popup at its place. */
  function openPopupAt(i) {
    var m = markerFor(i);
    if (cluster.hasLayer(m)) {  /* out of its cluster first, as a click through the clusters would */
      cluster.zoomToShowLayer(m, function () { bindPopup(m); m.openPopup(); });
      return;
    }
    var popup = L.popup(popupOptions());
    popup.geomapRow = i;
    popup.setLatLng(m.getLatLng()).setContent(popupFor(i)).openOn(map);
  }

  var panelBox = null, legendLines = [], actorCounts = null, attributionCounts = null;
  /* The legend and the panel's attribution boxes show the same state, whichever changed it. */
  function refreshLegend() {
    legendLines.forEach(function (refresh) { refresh(); });
    if (panelBox) {
      panelBox.querySelectorAll(".geomap-toggles-attributions input").forEach(function (box) {
        box.checked = state.attributions[box.getAttribute("data-value")]; });
    }
  }
  /* Dates as people write them: "13 Jan 2021" for a day, "Jan 2021" for a month, everywhere on
   * the page; ISO (2021-01-13) only in the address. Days are counted in UTC, so no time zone moves one. */
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function dayNumber(isoDay) {
    var p = isoDay.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +(p[2] || 1)) / 86400000;
  }
  function isoOfDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
  function dayLabel(isoDay) {
    var d = new Date(dayNumber(isoDay) * 86400000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  /* A date as typed: 13 Jan 2021, Jan 2021, 2021-01-13, 2021-01 or 2021; a month or a year stands
   * for its first day, or its last when it ends a range. Null when it is none of these. */
  function parseDay(text, isEnd) {
    var t = String(text).trim().replace(/\s+/g, " "), m, year, month, day = null;
    if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) { year = +m[1]; month = +m[2] - 1; day = +m[3]; }
    else if ((m = /^(\d{4})-(\d{2})$/.exec(t))) { year = +m[1]; month = +m[2] - 1; }
    else if ((m = /^(\d{4})$/.exec(t))) { year = +m[1]; month = isEnd ? 11 : 0; }
    else if ((m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})$/.exec(t)) || (m = /^([A-Za-z]{3})[a-z]*\.? (\d{4})$/.exec(t))) {
      var named = m.length === 4 ? m[2] : m[1];
      month = MONTHS.map(function (x) { return x.toLowerCase(); }).indexOf(named.toLowerCase());
      if (month < 0) { return null; }
      year = +(m.length === 4 ? m[3] : m[2]);
      if (m.length === 4) { day = +m[1]; }
    } else { return null; }
    if (day === null) { day = isEnd ? new Date(Date.UTC(year, month + 1, 0)).getUTCDate() : 1; }
    var n = Date.UTC(year, month, day) / 86400000, back = new Date(n * 86400000);
    if (back.getUTCMonth() !== month || back.getUTCDate() !== day) { return null; }
    return isoOfDay(n);
  }

  /* The timeline: strikes per day, week, month or year (whichever gives bars of 5 px or more),
   * stacked by actor, under the map. It counts what every filter but the dates leaves. A strike
   * known only to a week or a month is spread over its days (drawn paler), not put on its first.
   * Dragging across it (brushing) sets the date range; a click picks one bar; the arrow keys move
   * the range; Play steps the range through time. */
  var timeline = (function () {
    var box = el("div", "geomap-timeline");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Timeline of the strikes shown");
    var play = el("button", "geomap-play", "\u25b6 Play");
    play.setAttribute("type", "button");
    play.setAttribute("aria-label", "Play: step the date range through time");
    var chart = el("div", "geomap-timeline-chart");
    chart.setAttribute("tabindex", "0");
    chart.setAttribute("role", "slider");
    var canvas = el("canvas", "geomap-timeline-bars");
    var brush = el("div", "geomap-brush");
    chart.appendChild(canvas);
    chart.appendChild(brush);
    var side = el("div", "geomap-timeline-side");
    var rangeText = el("div", "geomap-timeline-range");
    var reset = el("button", "geomap-timeline-all", "All dates");
    reset.setAttribute("type", "button");
    side.appendChild(rangeText);
    side.appendChild(reset);
    box.appendChild(play);
    box.appendChild(chart);
    box.appendChild(side);

    var firstDay = data.first_day ? dayNumber(data.first_day) : 0;
    var lastDay = data.last_day ? dayNumber(data.last_day) : 0;
    var edges = [], unit = "month", dateBins = null, counts = null, width = 0, drawn = null;
    var dateFirst = data.dates.map(function (d) { return dayNumber(d[FIRST]); });
    var dateLast = data.dates.map(function (d) { return dayNumber(d[LAST]); });
    function startOf(kind, n) {
      var d = new Date(n * 86400000);
      if (kind === "day") { return n; }
      if (kind === "week") { return n - ((d.getUTCDay() + 6) % 7); }  /* weeks start on Monday */
      if (kind === "month") { return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86400000; }
      return Date.UTC(d.getUTCFullYear(), 0, 1) / 86400000;
    }
    function nextOf(kind, n) {
      var d = new Date(n * 86400000);
      if (kind === "day") { return n + 1; }
      if (kind === "week") { return n + 7; }
      if (kind === "month") { return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86400000; }
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1) / 86400000;
    }
    function makeBins(pixels) {
      var kinds = ["day", "week", "month", "year"];
      for (var k = 0; k < kinds.length; k++) {
        var bins = [startOf(kinds[k], firstDay)];
        while (bins[bins.length - 1] <= lastDay && bins.length <= pixels / 5 + 1) {
          bins.push(nextOf(kinds[k], bins[bins.length - 1]));
        }
        if (bins[bins.length - 1] > lastDay || k === kinds.length - 1) {
          while (bins[bins.length - 1] <= lastDay) { bins.push(nextOf(kinds[k], bins[bins.length - 1])); }
          edges = bins; unit = kinds[k];
          break;
        }
      }
      dateBins = data.dates.map(function (d, w) { return [binOf(dateFirst[w]), binOf(dateLast[w])]; });
    }
    function binOf(n) {
      var lo = 0, hi = edges.length - 2;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (edges[mid] <= n) { lo = mid; } else { hi = mid - 1; } }
      return lo;
    }
    function binLabel(b) {
      var d = new Date(edges[b] * 86400000), month = MONTHS[d.getUTCMonth()], year = d.getUTCFullYear();
      if (unit === "year") { return String(year); }
      if (unit === "month") { return month + " " + year; }
      return (unit === "week" ? "week of " : "") + d.getUTCDate() + " " + month + " " + year;
    }
    /* The chosen range, as the bars it covers. */
    function chosenBins() {
      return [binOf(dayNumber(state.from || data.first_day)), binOf(dayNumber(state.to || data.last_day))];
    }
    function setBins(b0, b1) {
      var lo = Math.max(0, Math.min(b0, b1)), hi = Math.min(edges.length - 2, Math.max(b0, b1));
      setRange(isoOfDay(Math.max(edges[lo], firstDay)), isoOfDay(Math.min(edges[hi + 1] - 1, lastDay)));
    }
    var barWidth = 0;
    function render() {
      var pixels = chart.clientWidth, height = chart.clientHeight, ratio = window.devicePixelRatio || 1;
      if (!pixels || !edges.length && !data.dates.length) { return; }
      if (pixels !== width) { width = pixels; makeBins(pixels); }
      canvas.width = Math.round(pixels * ratio);
      canvas.height = Math.round(height * ratio);
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, pixels, height);
      var nBins = edges.length - 1, nActors = data.actors.length, axis = 14, top = 4;
      barWidth = pixels / nBins;
      var solid = new Float64Array(nBins * nActors), spread = new Float64Array(nBins * nActors);
      if (counts) {
        for (var w = 0; w < data.dates.length; w++) {
          var b0 = dateBins[w][0], b1 = dateBins[w][1], span = dateLast[w] - dateFirst[w] + 1;
          for (var a = 0; a < nActors; a++) {
            var n = counts[w * nActors + a];
            if (!n) { continue; }
            if (b0 === b1 && data.dates[w][dateCols.date_precision] === "day") { solid[b0 * nActors + a] += n; continue; }
            for (var b = b0; b <= b1; b++) {
              var days = Math.min(edges[b + 1] - 1, dateLast[w]) - Math.max(edges[b], dateFirst[w]) + 1;
              spread[b * nActors + a] += n * days / span;
            }
          }
        }
      }
      var most = 0;
      for (var bb = 0; bb < nBins; bb++) {
        var total = 0;
        for (var aa = 0; aa < nActors; aa++) { total += solid[bb * nActors + aa] + spread[bb * nActors + aa]; }
        most = Math.max(most, total);
      }
      drawn = { solid: solid, spread: spread };
      var scale = most ? (height - axis - top) / most : 0, gap = barWidth > 4 ? 1 : 0;
      for (var bin = 0; bin < nBins; bin++) {
        var y = height - axis;
        [solid, spread].forEach(function (part, pale) {
          ctx.globalAlpha = pale ? 0.45 : 1;
          for (var actor = 0; actor < nActors; actor++) {
            var h = part[bin * nActors + actor] * scale;
            if (h <= 0) { continue; }
            ctx.fillStyle = data.actors[actor].color;
            ctx.fillRect(bin * barWidth, y - h, Math.max(1, barWidth - gap), h);
            y -= h;
          }
        });
      }
      ctx.globalAlpha = 1;
      ctx.fillStyle = "#444";
      ctx.font = "10px system-ui, sans-serif";
      ctx.textBaseline = "bottom";
      ctx.fillRect(0, height - axis, pixels, 1);
      var lastX = -1e9, lastText = "";
      for (var t = 0; t < nBins; t++) {
        var d = new Date(edges[t] * 86400000);
        var text = unit === "day" || unit === "week" && nBins < 20 ? d.getUTCDate() + " " + MONTHS[d.getUTCMonth()]
          : unit === "week" || nBins <= 24 && unit === "month" ? MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear()
          : String(d.getUTCFullYear());
        var x = t * barWidth;
        if (text !== lastText && x - lastX >= ctx.measureText(lastText).width + 8 && x + ctx.measureText(text).width <= pixels) {
          ctx.fillRect(x, height - axis, 1, 3);
          ctx.fillText(text, x + 2, height);
          lastX = x; lastText = text;
        } else if (text !== lastText && unit !== "day") { lastText = text; }
      }
      chart.setAttribute("aria-label", "Timeline: strikes per " + unit + ", " + binLabel(0) + " to " +
        binLabel(nBins - 1) + ". Drag to choose dates; arrow keys move the range.");
      showBrush();
    }
    function showBrush(b0, b1) {
      if (!edges.length) { return; }
      if (b0 === undefined) { var chosen = chosenBins(); b0 = chosen[0]; b1 = chosen[1]; }
      var lo = Math.min(b0, b1), hi = Math.max(b0, b1), full = lo === 0 && hi === edges.length - 2;
      brush.style.left = lo * barWidth + "px";
      brush.style.width = (hi - lo + 1) * barWidth + "px";
      brush.classList.toggle("geomap-brush-full", full);
      var label = state.from === data.first_day && state.to === data.last_day ? "All dates: "
        + dayLabel(data.first_day) + " to " + dayLabel(data.last_day)
        : dayLabel(state.from) + " to " + dayLabel(state.to);
      rangeText.textContent = label;
      chart.setAttribute("aria-valuetext", label);
    }

    /* Brushing: the range follows the pointer, the map and counts with it (once a frame). */
    var dragFrom = null, dragTo = null, frame = 0, moved = false;
    function binAt(event) {
      var r = chart.getBoundingClientRect();
      return Math.max(0, Math.min(edges.length - 2, Math.floor((event.clientX - r.left) / (barWidth || 1))));
    }
    chart.addEventListener("pointerdown", function (event) {
      if (!edges.length) { return; }
      stop();
      chart.setPointerCapture(event.pointerId);
      dragFrom = dragTo = binAt(event); moved = false;
      showBrush(dragFrom, dragTo);
      event.preventDefault();
    });
    chart.addEventListener("pointermove", function (event) {
      if (dragFrom === null) { return; }
      var bin = binAt(event);
      if (bin === dragTo) { return; }
      dragTo = bin; moved = true;
      showBrush(dragFrom, dragTo);
      if (!frame) {
        frame = requestAnimationFrame(function () { frame = 0; if (dragFrom !== null) { setBins(dragFrom, dragTo); } });
      }
    });
    function endDrag() {
      if (dragFrom === null) { return; }
      var b0 = dragFrom, b1 = dragTo;
      dragFrom = null;
      if (frame) { cancelAnimationFrame(frame); frame = 0; }
      setBins(b0, b1);
      writeHash();
    }
    chart.addEventListener("pointerup", endDrag);
    chart.addEventListener("pointercancel", endDrag);
    chart.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step || !edges.length) { return; }
      event.preventDefault();
      var chosen = chosenBins(), lo = chosen[0] + step, hi = chosen[1] + step;
      if (lo < 0 || hi > edges.length - 2) { return; }
      setBins(lo, hi); writeHash();
    });
    reset.addEventListener("click", function () { stop(); setRange(data.first_day, data.last_day); writeHash(); });

    /* Play: the range (a twelfth of the whole, when all dates are chosen) steps a bar at a time. */
    var timer = null;
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      play.textContent = "\u25b6 Play";
      play.setAttribute("aria-pressed", "false");
    }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      var chosen = chosenBins(), last = edges.length - 2, size = chosen[1] - chosen[0] + 1;
      if (size > last) { size = Math.max(1, Math.round((last + 1) / 12)); chosen = [0, size - 1]; }
      else if (chosen[1] >= last) { chosen = [0, size - 1]; }
      setBins(chosen[0], chosen[1]); writeHash();
      play.textContent = "\u275a\u275a Pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        var now = chosenBins();
        if (now[1] >= last) { stop(); return; }
        setBins(now[0] + 1, now[1] + 1); writeHash();
      }, 800);
    });
    return {
      element: box,
      draw: function (perDateActor) { counts = perDateActor; render(); },
      resize: function () { width = 0; render(); },
      unit: function () { return unit; },
      bins: function () { return edges.length - 1; },
      /* Each bar's strikes (known to the day) and share of strikes spread over a week or a month. */
      totals: function () {
        var nActors = data.actors.length, out = [];
        for (var b = 0; b < edges.length - 1; b++) {
          var solid = 0, spread = 0;
          for (var a = 0; a < nActors; a++) { solid += drawn.solid[b * nActors + a]; spread += drawn.spread[b * nActors + a]; }
          out.push({ start: isoOfDay(edges[b]), solid: solid, spread: spread });
        }
        return out;
      },
      stop: stop
    };
  })();

  /* The date range as chosen by the boxes, the timeline or the address; the boxes follow. */
  function setRange(from, to) {
    state.from = from < data.first_day ? data.first_day : from;
    state.to = to > data.last_day ? data.last_day : to;
    if (state.to < state.from) { var swap = state.from; state.from = state.to; state.to = swap; }
    syncDates();
    apply();
  }
  var dateBoxes = [];
  function syncDates() {
    dateBoxes.forEach(function (pair) {
      pair[0].value = dayLabel(state[pair[1]]);
      pair[0].removeAttribute("aria-invalid");
    });
  }

  /* Search results: the matching strikes as a list, newest first; each opens its strike. */
  var matchesBox = el("div", "geomap-matches");
  matchesBox.setAttribute("aria-live", "polite");
  var MAX_MATCHES = 20;
  function showMatches() {
    matchesBox.textContent = "";
    if (!state.search) { return; }
    var rows = shownIndexes.slice().sort(newestFirst);
    if (!rows.length) { matchesBox.appendChild(el("div", "geomap-matches-none", "No strike matches.")); return; }
    var list = el("ol", "geomap-matches-list");
    rows.slice(0, MAX_MATCHES).forEach(function (i) {
      var item = el("li");
      var open = el("button", "geomap-match", val(i, "date_label") + " \u2014 " + iso(val(i, "place")) +
                    " (" + iso(val(i, "actor") || "Unknown") + ")");
      open.setAttribute("type", "button");
      open.addEventListener("click", function () { openPopupAt(i); });
      item.appendChild(open);
      list.appendChild(item);
    });
    matchesBox.appendChild(list);
    if (rows.length > MAX_MATCHES) {
      matchesBox.appendChild(el("div", "geomap-matches-more", "and " + (rows.length - MAX_MATCHES) + " more on the map"));
    }
  }
  /* A search whose strikes all lie out of view brings them into view. */
  function showFound() {
    if (!state.search || !shownIndexes.length) { return; }
    var view = map.getBounds(), inView = false, bounds = L.latLngBounds([]);
    for (var k = 0; k < shownIndexes.length && k < 5000; k++) {
      var spot = data.spots[spotIdx[shownIndexes[k]]], at = L.latLng(spot[spotCols.lat], spot[spotCols.lon]);
      if (view.contains(at)) { inView = true; break; }
      bounds.extend(at);
    }
    if (!inView && bounds.isValid()) { fitTo(bounds, 11); }
  }

  /* The room the controls take, so a fit, or a popup, uses only the part of the map that is free:
   * on a wide screen the panel and legend on the right, on a phone the sheet's handle below. */
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 700px)") : { matches: false };
  function reserved() {
    var size = map.getSize();
    if (narrow.matches) {
      var handleHeight = sheet.classList.contains("geomap-sheet-open") ? sheet.offsetHeight : sheetHandle.offsetHeight;
      /* Below the zoom buttons (top left), above the sheet's handle. */
      return { topLeft: L.point(24, 84), bottomRight: L.point(24, Math.min(handleHeight, size.y / 2) + 24) };
    }
    var right = 0;
    [panelControl, legendControl].forEach(function (control) {
      var node = control && control.getContainer();
      if (node && node.offsetWidth) { right = Math.max(right, node.offsetWidth + 20); }
    });
    return { topLeft: L.point(52, 24), bottomRight: L.point(Math.min(right || 290, size.x / 2), 24) };
  }
  function fitTo(bounds, maxZoom, still) {
    var room = reserved();
    map.fitBounds(bounds, { paddingTopLeft: room.topLeft, paddingBottomRight: room.bottomRight,
                            maxZoom: maxZoom || MAX_FIT, animate: !still });
  }
  var MAX_FIT = 12;
  function popupOptions() {
    var room = reserved(), size = map.getSize();
    /* The popup's frame adds about 46 px to its content's width. */
    /* A popup taller than the free room scrolls inside itself (the tip and frame take about 40 px). */
    return { maxWidth: Math.max(180, Math.min(340, size.x - room.topLeft.x - room.bottomRight.x - 50)),
             maxHeight: Math.max(160, size.y - room.topLeft.y - room.bottomRight.y - 40),
             autoPanPaddingTopLeft: room.topLeft, autoPanPaddingBottomRight: room.bottomRight };
  }

  /* On a phone the panel and legend live in a sheet at the foot of the map, folded to its handle
   * until opened; a strike's popup folds it again, so nothing covers the popup. */
  var sheet = el("div", "geomap-sheet"), sheetHandle = el("button", "geomap-sheet-handle");
  var sheetBody = el("div", "geomap-sheet-body");
  sheetHandle.setAttribute("type", "button");
  sheetHandle.setAttribute("aria-expanded", "false");
  sheet.appendChild(sheetHandle);
  sheet.appendChild(sheetBody);
  L.DomEvent.disableClickPropagation(sheet);
  L.DomEvent.disableScrollPropagation(sheet);
  map.getContainer().appendChild(sheet);
  function openSheet(open) {
    sheet.classList.toggle("geomap-sheet-open", open);
    sheetHandle.setAttribute("aria-expanded", open ? "true" : "false");
    sheetText();
  }
  function sheetText() {
    var open = sheet.classList.contains("geomap-sheet-open");
    sheetHandle.textContent = (open ? "\u25bc Hide filters and legend" : "\u25b2 Filters and legend") +
      " \u00b7 " + plural(shownIndexes.length, "strike") + " shown of " + count;
  }
  sheetHandle.addEventListener("click", function () { openSheet(!sheet.classList.contains("geomap-sheet-open")); });
  var panelControl = null, legendControl = null;
  function placeControls() {
    var panelNode = panelControl.getContainer(), legendNode = legendControl.getContainer();
    /* On a phone the map's bottom corners (scale, attribution) sit above the sheet's handle. */
    map.getContainer().classList.toggle("geomap-narrow", narrow.matches);
    if (narrow.matches) {
      sheetBody.appendChild(panelNode);
      sheetBody.appendChild(legendNode);
      sheet.style.display = "";
    } else {
      map._controlCorners.topright.appendChild(panelNode);
      map._controlCorners.bottomright.appendChild(legendNode);
      sheet.style.display = "none";
      openSheet(false);
    }
  }
  /* The timeline sits under the map, and the map takes the rest of the window. */
  function layout() {
    var container = map.getContainer();
    if (timeline.element.parentNode !== container.parentNode) {
      container.parentNode.insertBefore(timeline.element, container.nextSibling);
    }
    container.style.height = "calc(100% - " + timeline.element.offsetHeight + "px)";
    map.invalidateSize({ pan: false });
    timeline.resize();
  }

  /* Place names drawn from the gazetteer, and the main rivers, for a map with no tiles (offline, or
   * a blocked tile server): the main towns at every zoom, smaller ones closer in. Shown only while no tile has
   * loaded, so they never double the names of the tiles. */
  var labels = L.layerGroup(), labelsWanted = false, tileLoaded = false, relabel = function () {};
  if (data.labels && data.labels.length) {
    map.createPane("geomap-labels").style.zIndex = 450;
    map.getPane("geomap-labels").style.pointerEvents = "none";
    var labelMarkers = data.labels.map(function (row) {
      var text = el("span", null, row[2]);
      var marker = L.marker([row[0], row[1]], {
        pane: "geomap-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "geomap-place-label geomap-label-tier" + row[3], html: text.outerHTML,
                          iconSize: null, iconAnchor: [0, 0] })
      });
      marker.geomapTier = row[3];
      marker.geomapWidth = row[2].length * (row[3] === 1 ? 7.8 : row[3] === 2 ? 7 : 6.4) + 4;
      return marker;
    });
    var rivers = data.rivers ? L.geoJSON(data.rivers, {
      pane: "geomap-labels", interactive: false,
      style: { color: "#5b9bd5", weight: 1.5, opacity: 0.9, className: "geomap-river" }
    }) : null;
    /* Names never cover each other or a strike: each goes on its town, or just below or above it,
     * wherever it overlaps nothing drawn already (strikes first, bigger towns before smaller). */
    var placeLabels = function () {
      labels.clearLayers();
      if (!labelsWanted) { return; }
      var zoom = map.getZoom(), view = map.getBounds().pad(0.2), tiers = zoom >= 9 ? 3 : zoom >= 7 ? 2 : 1;
      var origin = map.getContainer().getBoundingClientRect(), taken = [];
      map.getPane("markerPane").querySelectorAll(".leaflet-marker-icon").forEach(function (icon) {
        var r = icon.getBoundingClientRect();
        taken.push([r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top]);
      });
      function free(box) {
        return !taken.some(function (t) { return box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]; });
      }
      var markerBoxes = taken.slice();
      function underStrike(point) {
        return markerBoxes.some(function (t) { return point.x >= t[0] - 24 && point.x <= t[2] + 24 && point.y >= t[1] - 24 && point.y <= t[3] + 24; });
      }
      /* The towns the strikes lie at are named first, then the rest, each group biggest first. */
      var wanted = labelMarkers.filter(function (marker) {
        return marker.geomapTier <= tiers && view.contains(marker.getLatLng());
      });
      var nearStrikes = wanted.filter(function (marker) { return underStrike(map.latLngToContainerPoint(marker.getLatLng())); });
      var elsewhere = wanted.filter(function (marker) { return nearStrikes.indexOf(marker) < 0; });
      nearStrikes.concat(elsewhere).forEach(function (marker) {
        var at = map.latLngToContainerPoint(marker.getLatLng()), width = marker.geomapWidth, half = width / 2;
        /* On the town; below, above, right or left of it, clear of a strike's 40 px bubble. */
        var choices = [[-half, -8, "on"], [-half, 20, "below"], [-half, -36, "above"], [22, -8, "right"],
                       [-22 - width, -8, "left"]];
        for (var c = 0; c < choices.length; c++) {
          var box = [at.x + choices[c][0], at.y + choices[c][1], at.x + choices[c][0] + width, at.y + choices[c][1] + 16];
          if (!free(box)) { continue; }
          taken.push(box);
          labels.addLayer(marker);
          var node = marker.getElement();
          choices.forEach(function (choice) { node.classList.remove("geomap-label-" + choice[2]); });
          node.classList.add("geomap-label-" + choices[c][2]);
          return;
        }
      });
    };
    var pending = 0;
    var showLabels = function () {
      if (rivers) { if (labelsWanted) { rivers.addTo(map); } else { rivers.remove(); } }
      clearTimeout(pending);
      pending = setTimeout(placeLabels, 0);  /* after the clusters have redrawn for this view */
    };
    relabel = showLabels;
    labels.addTo(map);
    map.on("zoomend moveend", showLabels);
    var watchTiles = function (layer) {
      if (!(layer instanceof L.TileLayer)) { return; }
      layer.on("tileload", function () { tileLoaded = true; if (labelsWanted) { labelsWanted = false; showLabels(); } });
      layer.on("tileerror", function () { if (!tileLoaded && !labelsWanted) { labelsWanted = true; showLabels(); } });
    };
    var anyTiles = false;
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) { anyTiles = true; } watchTiles(layer); });
    map.on("layeradd", function (e) { watchTiles(e.layer); });
    if (!anyTiles) { labelsWanted = true; showLabels(); }
  }

  /* On paper: under the map and legend, the list of the strikes shown, filled when the page is
   * printed (newest first; the first MAX_PRINTED, and how many more). */
  var printBox = el("div", "geomap-print-list"), MAX_PRINTED = 2000;
  document.body.appendChild(printBox);
  function fillPrintList() {
    printBox.textContent = "";
    printBox.appendChild(el("h2", null, data.title));
    var shownRange = state.from === data.first_day && state.to === data.last_day ? "all dates"
      : dayLabel(state.from) + " to " + dayLabel(state.to);
    printBox.appendChild(el("p", null, plural(shownIndexes.length, "strike") + " shown of " + count + ", " + shownRange +
      (state.search ? ", matching \u201c" + state.search + "\u201d" : "")));
    var rows = shownIndexes.slice().sort(newestFirst);
    var list = el("ol");
    rows.slice(0, MAX_PRINTED).forEach(function (i) {
      var sources = val(i, "sources");
      list.appendChild(el("li", null, [val(i, "date_label"), val(i, "place"),
        (val(i, "actor") || "Unknown") + " (" + val(i, "attribution") + ")", val(i, "target"),
        sources.length ? "reported by " + sources.join(", ") : "", casualtyText(i), val(i, "id")]
        .filter(function (part) { return part && !part.pending; }).join(" \u2014 ")));
    });
    printBox.appendChild(list);
    if (rows.length > MAX_PRINTED) { printBox.appendChild(el("p", null, "and " + (rows.length - MAX_PRINTED) + " more")); }
  }
  window.addEventListener("beforeprint", fillPrintList);

  panelControl = new Panel().addTo(map);
  legendControl = new Legend().addTo(map);
  placeControls();
  layout();
  apply();
  if (data.bounds) { fitTo(L.latLngBounds(data.bounds), MAX_FIT, true); }
  if (narrow.addEventListener) {
    narrow.addEventListener("change", function () { placeControls(); layout(); });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(layout, 100);
  });
  map.on("popupopen", function (e) {
    /* A popup is kept clear of the controls: on a phone the sheet folds first. */
    if (narrow.matches && sheet.classList.contains("geomap-sheet-open")) { openSheet(false); }
    L.setOptions(e.popup, popupOptions());
    if (e.popup._adjustPan) { e.popup._adjustPan(); }
  });

  /* The view, every filter and the open strike live in the address's hash, so a view can be
   * shared and cited, and a page opened with that hash shows the same thing:
   * #from=2021-01-01&to=2021-06-30&noatt=alleged&noactor=Israel&q=bukamal&map=9/34.45/40.92&strike=S010.
   * "#S010" alone opens that strike. Dates are ISO; lists name what is switched off. */
  var openStrike = null, hashReady = false;
  function writeHash() {
    if (!hashReady) { return; }
    var parts = [];
    if (state.from !== data.first_day) { parts.push("from=" + state.from); }
    if (state.to !== data.last_day) { parts.push("to=" + state.to); }
    var noatt = data.attributions.filter(function (a) { return !state.attributions[a]; });
    if (noatt.length) { parts.push("noatt=" + noatt.map(encodeURIComponent).join(",")); }
    var noactor = data.actors.filter(function (actor, index) { return !state.actors[index]; });
    if (noactor.length) { parts.push("noactor=" + noactor.map(function (a) { return encodeURIComponent(a.name); }).join(",")); }
    if (state.search) { parts.push("q=" + encodeURIComponent(state.search)); }
    var centre = map.getCenter();
    parts.push("map=" + map.getZoom() + "/" + centre.lat.toFixed(4) + "/" + centre.lng.toFixed(4));
    if (openStrike !== null) { parts.push("strike=" + encodeURIComponent(openStrike)); }
    var hash = "#" + parts.join("&");
    if (location.hash === hash) { return; }
    try { history.replaceState(null, "", hash); } catch (e) { location.replace(hash); }
  }
  function showingStrike(i) {
    data.whenTexts(function () { openStrike = readers[cols.id](i); writeHash(); });
  }
  var rowOfId = null;
  function openById(id) {
    data.whenTexts(function () {
      if (!rowOfId) {
        rowOfId = {};
        for (var i = 0; i < count; i++) { rowOfId[readers[cols.id](i)] = i; }
      }
      var row = rowOfId[id];
      if (row !== undefined) { openPopupAt(row); }
    });
  }
  function readHash() {
    var text = location.hash.replace(/^#/, "");
    if (!text) { return; }
    if (text.indexOf("=") < 0) { openById(decodeURIComponent(text)); return; }
    var params = {};
    text.split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        try { params[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); } catch (e) { /* not ours */ }
      }
    });
    var isoDay = /^\d{4}-\d{2}-\d{2}$/;
    if (isoDay.test(params.from || "")) { state.from = params.from; }
    if (isoDay.test(params.to || "")) { state.to = params.to; }
    (params.noatt ? params.noatt.split(",") : []).forEach(function (a) {
      if (a in state.attributions) { state.attributions[a] = false; }
    });
    if (params.q) { state.search = params.q.trim().toLowerCase(); }
    (params.noactor ? params.noactor.split(",") : []).forEach(function (name) {
      data.actors.forEach(function (actor, index) { if (actor.name === name) { state.actors[index] = false; } });
    });
    if (state.from < data.first_day || state.from > data.last_day) { state.from = data.first_day; }
    if (state.to > data.last_day || state.to < state.from) { state.to = data.last_day; }
    syncDates();
    if (panelBox) { panelBox.querySelector(".geomap-search").value = state.search; }
    apply();  /* the attribution boxes follow in refreshLegend */
    var view = (params.map || "").split("/").map(Number);
    if (view.length === 3 && view.every(isFinite)) { map.setView([view[1], view[2]], view[0]); }
    if (params.strike) { openById(params.strike); }
  }
  map.on("popupopen", function (e) {
    var source = e.popup._source;
    var row = e.popup.geomapRow !== undefined ? e.popup.geomapRow : source && source.geomapIndex;
    if (row !== undefined && row !== null) { showingStrike(row); }
  });
  map.on("popupclose", function () { openStrike = null; writeHash(); });
  /* A move is written only once a person has moved the map (or the page came with a hash): the
   * opening fit alone leaves the address as it was. */
  var touched = false;
  ["pointerdown", "wheel", "keydown"].forEach(function (type) {
    map.getContainer().addEventListener(type, function () { touched = true; }, { passive: true });
  });
  map.on("moveend", function () { if (touched || location.hash) { writeHash(); } });
  window.addEventListener("hashchange", function () {
    var before = location.hash;
    hashReady = false; readHash(); hashReady = true;
    if (location.hash !== before) { writeHash(); }
  });
  readHash();
  hashReady = true;

  /* A small handle for tests and for people who script the page. */
  return {
    map: map,
    cluster: cluster,
    areas: areas,
    markers: markers,
    stacks: stacks,
    count: count,
    timings: timings,
    stackLimit: function () { return stackLimit; },
    timeline: timeline,
    nameKey: nameKey,
    state: state,
    apply: apply,
    shown: function () { return shownIndexes.slice(); },
    /* Open strike i's popup or tooltip as a click or hover would (for tests and scripts);
     * a strike inside a stack opens as a popup at its place. */
    openPopupAt: openPopupAt,
    openTooltipAt: function (i) { var m = markerFor(i); bindTooltip(m); m.openTooltip(); },
    openStack: openStack,
    /* Strike i's popup and tooltip as the page would draw them, as HTML (for parity checks). */
    popupHTML: function (i) { return popupFor(i).outerHTML + tooltipFor(i).outerHTML; }
  };
}
