/* Bản đồ thể chế: the choropleth layer (from compact TopoJSON), tooltips, labels, drill-down, ranking table,
   synced maps and the share dialog. Needs only Leaflet. */
(function () {
  "use strict";

  /* --- TopoJSON (quantised, delta-encoded arcs) to GeoJSON geometry --- */
  function decodeArcs(topology) {
    var t = topology.transform, sx = t.scale[0], sy = t.scale[1], tx = t.translate[0], ty = t.translate[1];
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) { x += p[0]; y += p[1]; return [x * sx + tx, y * sy + ty]; });
    });
  }
  function ring(arcs, indexes) {
    var points = [];
    indexes.forEach(function (i, n) {
      var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      points.push.apply(points, n ? arc.slice(1) : arc);
    });
    return points;
  }
  function geometry(arcs, g) {
    if (g.type === "Polygon") return { type: "Polygon", coordinates: g.arcs.map(function (r) { return ring(arcs, r); }) };
    if (g.type === "MultiPolygon") {
      return { type: "MultiPolygon", coordinates: g.arcs.map(function (p) { return p.map(function (r) { return ring(arcs, r); }); }) };
    }
    return null;
  }
  function features(topology, name, properties) {
    var arcs = decodeArcs(topology), object = topology.objects[name];
    if (!object) return [];
    return object.geometries.map(function (g, i) {
      return { type: "Feature", properties: properties ? properties[i] : {}, geometry: geometry(arcs, g) };
    });
  }

  /* numbers in the reader's locale (vi-VN: 1.234,5), with the indicator's unit */
  function formatter(cfg, digits) {
    var f = new Intl.NumberFormat(cfg.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return function (x) {  /* the real minus sign (U+2212), never "−0,0": as webmap/number_format.py */
      var text = f.format(x);
      return /[1-9]/.test(text) ? text.replace(/^-/, "\u2212") : text.replace(/^-/, "");
    };
  }
  function withUnit(text, unit) { return !unit ? text : (unit === "%" ? text + "%" : text + " " + unit); }
  function prepare(cfg) {
    var fmt = formatter(cfg, cfg.decimals), fmtInt = formatter(cfg, 0), fmtGroup = formatter(cfg, 1);
    cfg.units.forEach(function (u) {
      u.f = u.f || (u.t ? u.t + " " + u.n : u.n);
      u.v = u.x === undefined ? "–" : withUnit(fmt(u.x), cfg.unit);
      if (u.m !== undefined) u.ms = fmtInt(u.m) + " " + cfg.text.sample.toLowerCase();
      if (u.y !== undefined) {  /* the change as printed (the server rounds it): "■ 0,0", never "▼ −0,0" */
        u.ds = (u.y > 0 ? "+" : "") + fmt(u.y);
        u.a = u.y > 0 ? "▲" : (u.y < 0 ? "▼" : "■");
        u.d = withUnit(u.ds, cfg.change_unit);
      }
      if (u.g) u.g = u.g.map(function (s) { return s === null ? "–" : fmtGroup(s); });
      u.h = cfg.href ? cfg.href.replace("__CODE__", encodeURIComponent(u.c)) : null;
      if (u.x === undefined) u.x = null;
      if (u.y === undefined) u.y = null;
      if (u.r === undefined) u.r = null;
    });
  }

  /* DOM from text only, never from HTML strings: el("td", "num", ["text", childNode]) */
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className != null) node.className = className;
    (children || []).forEach(function (child) { if (child != null) node.append(child); });
    return node;
  }
  function changeClass(u) { return u.s > 0 ? "better" : (u.s < 0 ? "worse" : ""); }

  /* --- tooltip --- */
  function tooltipContent(u, cfg) {
    var t = cfg.text, tip = el("div", "tip", [el("div", "tip-name", [u.f]), el("div", "tip-type", [u.t])]);
    if (u.x === null) {
      tip.append(el("div", "tip-nodata", [t.no_data]));
      return tip;
    }
    tip.append(el("div", "tip-value", [cfg.indicator + ": ", el("b", null, [u.v])]));
    if (u.u) tip.append(el("div", "tip-unreliable", ["⚠ " + t.unreliable + (u.ms ? " (" + u.ms + ")" : "")]));
    if (u.r) tip.append(el("div", null, [t.rank + " ", el("b", null, [String(u.r)]), "/" + cfg.ranked]));
    if (u.d) tip.append(el("div", "tip-change " + changeClass(u), [u.a + " " + u.d + " " + t.change_from]));
    if (u.g) {
      tip.append(el("table", "tip-groups", [el("caption", null, [t.groups_title])].concat(u.g.map(function (score, i) {
        return el("tr", null, [el("td", null, [t.groups[i]]), el("td", "num", [score])]);
      }))));
    }
    return tip;
  }

  /* --- unit-name labels, shown only where they fit inside the unit --- */
  function addLabels(map, layer, units) {
    var pane = map.createPane("labels");
    pane.style.pointerEvents = "none";
    pane.style.zIndex = 450;
    var labels = [];
    layer.eachLayer(function (l) {
      var u = l.feature.properties;
      if (!u.p) return;
      var marker = L.marker(u.p, {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "unit-label", html: el("span", null, [u.n]), iconSize: null })
      });
      labels.push({ marker: marker, layer: l, width: 6.6 * u.n.length + 6 });
    });
    function refresh() {
      labels.forEach(function (item) {
        var b = item.layer.getBounds(), ne = map.latLngToLayerPoint(b.getNorthEast()), sw = map.latLngToLayerPoint(b.getSouthWest());
        var fits = (ne.x - sw.x) > item.width && (sw.y - ne.y) > 16;
        if (fits && !map.hasLayer(item.marker)) item.marker.addTo(map);
        if (!fits && map.hasLayer(item.marker)) map.removeLayer(item.marker);
      });
    }
    map.on("zoomend", refresh);
    map.whenReady(refresh);
  }

  /* --- Hoàng Sa and Trường Sa on maps of the whole country --- */
  function addArchipelagos(map, groups) {
    groups.forEach(function (g) {
      g.islands.forEach(function (i) {
        L.circleMarker([i[0], i[1]], { radius: 3, color: "#333", weight: 1, fillColor: "#888", fillOpacity: 1 })
          .bindTooltip(document.createTextNode(i[2])).addTo(map);
      });
      L.marker(g.p, { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "archipelago-label", html: el("span", null, [g.name]), iconSize: null }) }).addTo(map);
    });
  }

  /* --- ranking table, built from the same per-unit data as the map --- */
  function rankingTable(table, units, byCode, map) {
    var tbody = table.tBodies[0], sortKey = "r", ascending = true;
    function value(u, key) {
      var v = u[key];
      return (v === null || v === undefined || v === "") ? null : v;
    }
    function render() {
      var rows = units.slice().sort(function (a, b) {
        var x = value(a, sortKey), y = value(b, sortKey);
        if (x === null && y === null) return a.n.localeCompare(b.n, "vi");
        if (x === null) return 1;
        if (y === null) return -1;
        var c = typeof x === "string" ? x.localeCompare(y, "vi") : x - y;
        return ascending ? c : -c;
      });
      tbody.replaceChildren.apply(tbody, rows.map(row));
    }
    function row(u) {
      var link = el("a", null, [u.n]), value = el("td", "num", [u.v]);
      if (u.h) link.setAttribute("href", u.h);
      if (u.u) {
        var flag = el("span", "flag", ["⚠"]);
        flag.title = table.dataset.unreliable;
        value.append(" ", flag);
      }
      var tr = el("tr", u.u ? "unreliable" : null, [el("td", "num", [u.r ? String(u.r) : "–"]), el("td", null, [link]),
        value, el("td", "num", u.d ? [el("span", changeClass(u), [u.a + " " + u.ds])] : [])]);
      tr.dataset.code = u.c;
      tr.tabIndex = 0;
      return tr;
    }
    table.tHead.addEventListener("click", function (event) {
      var th = event.target.closest("th[data-key]");
      if (!th) return;
      ascending = th.dataset.key === sortKey ? !ascending : th.dataset.key !== "x" && th.dataset.key !== "y";
      sortKey = th.dataset.key;
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      render();
    });
    function select(row) {
      tbody.querySelectorAll("tr.selected").forEach(function (r) { r.classList.remove("selected"); });
      row.classList.add("selected");
      var l = byCode[row.dataset.code];
      if (l) { map.highlight(l); }
    }
    tbody.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      var row = event.target.closest("tr");
      if (row) select(row);
    });
    tbody.addEventListener("mouseover", function (event) {
      var row = event.target.closest("tr"), l = row && byCode[row.dataset.code];
      if (l) l.fire("mouseover");
    });
    tbody.addEventListener("mouseout", function (event) {
      var row = event.target.closest("tr"), l = row && byCode[row.dataset.code];
      if (l) l.fire("mouseout");
    });
    tbody.addEventListener("keydown", function (event) {
      var row = event.target.closest("tr");
      if (row && event.key === "Enter") select(row);
    });
    render();
  }

  function choropleth(map, cfg) {
    var units = cfg.units;
    prepare(cfg);
    var edge = units.length > 2000 ? 0.15 : (units.length > 300 ? 0.45 : 0.8);  // thin borders where units are many
    var style = function (feature) {
      var u = feature.properties, s = { color: "#4d4d4d", weight: edge, opacity: 1, fillOpacity: 0.85 };
      s.fillColor = u.k >= 0 ? cfg.colours[u.k] : cfg.no_data_colour;
      if (u.k >= 0 && u.u) { s.fillOpacity = 0.35; s.dashArray = "3 3"; s.weight = 1; }
      return s;
    };
    var byCode = {}, selected = null;
    var layer = L.geoJSON(features(cfg.topology, "units", units), {
      style: style,
      onEachFeature: function (feature, l) {
        var u = feature.properties;
        byCode[u.c] = l;
        l.bindTooltip(function () { return tooltipContent(u, cfg); }, { sticky: true, direction: "top", className: "unit-tip" });
        l.on("mousemove", function (e) {  /* near the top of the map the tooltip opens below the pointer */
          var tip = l.getTooltip();
          if (tip) tip.options.direction = e.containerPoint.y < map.getSize().y / 3 ? "bottom" : "top";
        });
        l.on("mouseover", function () { l.setStyle({ weight: 2.5, color: "#000" }); l.bringToFront(); });
        l.on("mouseout", function () { if (l !== selected) layer.resetStyle(l); });
        if (u.h) l.on("click", function () { window.location.href = u.h; });
      }
    }).addTo(map);
    L.geoJSON(features(cfg.topology, "outline"), { interactive: false, style: { color: "#1a1a1a", weight: 2.2, fill: false } }).addTo(map);
    map.highlight = function (l) {
      if (selected) layer.resetStyle(selected);
      selected = l;
      l.setStyle({ weight: 3.5, color: "#c00000" });
      l.bringToFront();
      map.fitBounds(map.getBounds().contains(l.getBounds()) ? map.getBounds() : l.getBounds(), { maxZoom: map.getZoom() });
      l.openTooltip(l.getBounds().getCenter());
    };
    if (cfg.labels) addLabels(map, layer, units);
    if (cfg.archipelagos) addArchipelagos(map, cfg.archipelagos);
    var table = document.getElementById("ranking");
    if (table && !cfg.secondary) rankingTable(table, units, byCode, map);  // side by side: the later period's
    (window.BandoMaps = window.BandoMaps || []).push(map);
    if (window.BandoMaps.length === 2) sync(window.BandoMaps[0], window.BandoMaps[1]);
    return layer;
  }

  /* --- two maps that pan and zoom together (side-by-side comparison) --- */
  function sync(a, b) {
    var moving = false;
    function follow(source, target) {
      source.on("move zoom", function () {
        if (moving) return;
        moving = true;
        target.setView(source.getCenter(), source.getZoom(), { animate: false });
        moving = false;
      });
    }
    follow(a, b);
    follow(b, a);
  }

  /* --- page controls: pickers submit at once; share dialog; copy buttons --- */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.controls select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
    document.querySelectorAll("form.controls").forEach(function (form) {
      form.addEventListener("submit", function () {  // keep permalinks short: drop empty parameters
        form.querySelectorAll("select, input").forEach(function (el) { if (!el.value) el.disabled = true; });
      });
    });
    var dialog = document.getElementById("share-dialog");
    if (dialog) {
      document.querySelectorAll("[data-open-share]").forEach(function (button) {
        button.addEventListener("click", function () { dialog.showModal(); });
      });
      var code = dialog.querySelector("#embed-code"), base = code ? code.dataset.src : "";
      function updateEmbed() {
        var params = [];
        dialog.querySelectorAll("input[data-embed-option]").forEach(function (box) {
          if (!box.checked) params.push(box.dataset.embedOption + "=0");
        });
        var src = base + (params.length ? (base.indexOf("?") < 0 ? "?" : "&") + params.join("&") : "");
        var frame = document.createElement("iframe");  // never loads: it is only serialised
        [["src", src], ["width", "800"], ["height", "600"], ["style", "border:0"], ["loading", "lazy"],
          ["title", code.dataset.title]].forEach(function (a) { frame.setAttribute(a[0], a[1]); });
        code.value = frame.outerHTML;
      }
      dialog.querySelectorAll("input[data-embed-option]").forEach(function (box) { box.addEventListener("change", updateEmbed); });
      if (code) updateEmbed();
      dialog.querySelectorAll("[data-copy]").forEach(function (button) {
        button.addEventListener("click", function () {
          var field = document.getElementById(button.dataset.copy);
          field.select();
          var done = function () { button.textContent = button.dataset.done; };
          if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, done); else done();
        });
      });
    }
  });

  window.Bando = { choropleth: choropleth };
})();
