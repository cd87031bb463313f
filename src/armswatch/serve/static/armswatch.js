/* armswatch web UI: evidence panel (deal page) and network drawing (network page).
 * No dependencies. Data comes from <script type="application/json"> tags and is read with JSON.parse;
 * stored text is only ever put into the page as text nodes (never innerHTML). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svgEl(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
  }

  function append(node, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
  }

  function base() { return document.body.getAttribute("data-base") || ""; }

  // ------------------------------------------------------------------ deal page: evidence panel

  function initDeal() {
    var data = readJSON("deal-data");
    var table = document.getElementById("claims");
    var panel = document.getElementById("evidence-panel");
    if (!data || !table || !panel) return;
    var mentions = {};
    (data.mentions || []).forEach(function (m) { mentions[String(m.id)] = m; });
    var rows = {};
    ((data.claims || {}).rows || []).forEach(function (r) { rows[String(r.mention_id)] = r; });

    table.addEventListener("click", function (ev) {
      var cell = ev.target.closest(".claim-cell");
      if (!cell || !table.contains(cell)) return;
      var selected = table.querySelectorAll(".claim-cell.selected");
      Array.prototype.forEach.call(selected, function (c) { c.classList.remove("selected"); });
      cell.classList.add("selected");
      showEvidence(panel, mentions[cell.getAttribute("data-mention")], rows[cell.getAttribute("data-mention")],
                   cell.getAttribute("data-field"));
    });
  }

  function showEvidence(panel, m, row, field) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(el("h2", null, "Evidence"));
    if (!m) { panel.appendChild(el("p", { "class": "hint" }, "This report is not in the page data.")); return; }
    var cell = row && row.cells ? row.cells[field] : null;
    var span = (cell && cell.span) || (m.spans || {})[field] || null;
    panel.appendChild(el("p", { "class": "meta" }, [
      el("strong", null, field), " in report #" + m.id + " · " + (m.outlet || "unknown outlet") + " · " +
      (m.published || "undated")]));
    if (cell) {
      panel.appendChild(el("p", null, ["Claims: ", el("strong", null, cell.value === null ? "—" : String(cell.value)),
        cell.conflict ? el("span", { "class": "conflict legend" }, " conflicts with another report") : null]));
    }
    // offsets are in Unicode code points (Python); index the sentence the same way
    var chars = Array.from(m.sentence || "");
    var start = m.sentence_start || 0;
    var sentence = el("blockquote", { "class": "sentence" });
    var inside = span && span[0] - start >= 0 && span[1] - start <= chars.length && span[1] > span[0];
    if (inside) {
      var s = span[0] - start, e = span[1] - start;
      append(sentence, [chars.slice(0, s).join(""), el("mark", { "class": "evidence" }, chars.slice(s, e).join("")),
                        chars.slice(e).join("")]);
    } else {
      append(sentence, chars.join(""));
    }
    panel.appendChild(sentence);
    var stated = (m.evidence || {})[field];
    if (!inside && stated) {
      panel.appendChild(el("p", { "class": "meta" }, ["Stated elsewhere in the article: ",
        el("mark", { "class": "evidence" }, String(stated))]));
    } else if (!span) {
      panel.appendChild(el("p", { "class": "meta" }, "No span recorded for this field."));
    }
    if (m.attributions && m.attributions.length) {
      panel.appendChild(el("p", { "class": "meta" }, "Attributed to: " + m.attributions.map(function (a) {
        return a.source + (a.kind ? " (" + a.kind + ")" : "");
      }).join("; ")));
    }
    if (m.hedges && m.hedges.length) {
      panel.appendChild(el("p", { "class": "meta" }, "Hedged: " + m.hedges.map(function (h) {
        return typeof h === "string" ? h : (h.text || h.cue || JSON.stringify(h));
      }).join(", ")));
    }
    if (m.decision) {
      panel.appendChild(el("p", { "class": "meta" }, "Merge: " + m.decision.decision +
        (m.decision.reason ? " — " + m.decision.reason : "")));
    }
    var anchor = span ? span[0] : start;
    var links = el("p", null, [
      el("a", { href: base() + "/articles/" + encodeURIComponent(m.article_key) + "#s-" + anchor }, "Open in the article"),
      " · ", el("a", { href: "#m-" + m.id }, "report #" + m.id + " below")]);
    panel.appendChild(links);
  }

  // ------------------------------------------------------------------ network page

  function fmtUSD(x) {
    if (x === null || x === undefined || x === 0) return "value unknown";
    var units = [[1e12, "tn"], [1e9, "bn"], [1e6, "m"]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(x) >= units[i][0]) return "USD " + (x / units[i][0]).toPrecision(3).replace(/\.?0+$/, "") + " " + units[i][1];
    }
    return "USD " + Math.round(x).toLocaleString("en");
  }

  function initNetwork() {
    var data = readJSON("network-data");
    var svg = document.getElementById("network-svg");
    if (!data || !svg) return;
    var nodes = (data.nodes || []).slice();
    var links = (data.links || []).slice();
    if (!nodes.length) return;
    var size = 800, cx = size / 2, cy = size / 2;
    var ring = size / 2 - 130;
    var role = {};
    links.forEach(function (l) {
      role[l.source] = (role[l.source] || 0) | 1;
      role[l.target] = (role[l.target] || 0) | 2;
    });
    // suppliers first, then both, then recipients; alphabetical within
    nodes.sort(function (a, b) {
      var ra = role[a.id] || 0, rb = role[b.id] || 0;
      var oa = ra === 1 ? 0 : ra === 3 ? 1 : 2, ob = rb === 1 ? 0 : rb === 3 ? 1 : 2;
      return oa - ob || String(a.name || a.id).localeCompare(String(b.name || b.id));
    });
    var maxDeals = Math.max.apply(null, nodes.map(function (n) { return n.deals || 1; }));
    var maxLink = Math.max.apply(null, links.map(function (l) { return l.deals || 1; }).concat([1]));
    var pos = {};
    nodes.forEach(function (n, i) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / nodes.length;
      pos[n.id] = { x: cx + ring * Math.cos(a), y: cy + ring * Math.sin(a), a: a,
                    r: 4 + 16 * Math.sqrt((n.deals || 1) / maxDeals) };
    });

    var defs = svgEl("defs", null, svgEl("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5,
      markerWidth: 10, markerHeight: 10, orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" },
      svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z" })));
    svg.appendChild(defs);
    var edgeLayer = svgEl("g", { "class": "edges" });
    var nodeLayer = svgEl("g", { "class": "nodes" });
    svg.appendChild(edgeLayer);
    svg.appendChild(nodeLayer);
    var names = {};
    nodes.forEach(function (n) { names[n.id] = n.name || n.id; });
    var edgesOf = {};

    links.forEach(function (l) {
      var s = pos[l.source], t = pos[l.target];
      if (!s || !t) return;
      var d;
      if (l.source === l.target) {  // a domestic order: a small loop outside the node
        var ox = Math.cos(s.a), oy = Math.sin(s.a), px = -oy, py = ox, k = s.r + 28;
        d = "M " + (s.x + px * s.r * 0.7).toFixed(1) + " " + (s.y + py * s.r * 0.7).toFixed(1) +
            " C " + (s.x + ox * k + px * 18).toFixed(1) + " " + (s.y + oy * k + py * 18).toFixed(1) + " " +
            (s.x + ox * k - px * 18).toFixed(1) + " " + (s.y + oy * k - py * 18).toFixed(1) + " " +
            (s.x - px * s.r * 0.7).toFixed(1) + " " + (s.y - py * s.r * 0.7).toFixed(1);
      }
      var dx = t.x - s.x, dy = t.y - s.y, dist = Math.sqrt(dx * dx + dy * dy) || 1;
      // bend towards the centre, sideways by direction so A→B and B→A do not overlap
      var mx = (s.x + t.x) / 2, my = (s.y + t.y) / 2;
      var qx = mx + (-dy / dist) * dist * 0.18, qy = my + (dx / dist) * dist * 0.18;
      var ex = t.x - qx, ey = t.y - qy, el2 = Math.sqrt(ex * ex + ey * ey) || 1;
      var tx = t.x - ex / el2 * (t.r + 2), ty = t.y - ey / el2 * (t.r + 2);
      var sx2 = s.x - (s.x - qx) / (Math.sqrt((s.x - qx) * (s.x - qx) + (s.y - qy) * (s.y - qy)) || 1) * s.r;
      var sy2 = s.y - (s.y - qy) / (Math.sqrt((s.x - qx) * (s.x - qx) + (s.y - qy) * (s.y - qy)) || 1) * s.r;
      var width = 1 + 7 * (l.deals || 1) / maxLink;
      d = d || "M " + sx2.toFixed(1) + " " + sy2.toFixed(1) + " Q " + qx.toFixed(1) + " " + qy.toFixed(1) + " " +
        tx.toFixed(1) + " " + ty.toFixed(1);
      var path = svgEl("path", { "class": "edge", d: d,
        "stroke-width": width.toFixed(1), "marker-end": "url(#arrow)", "data-source": l.source, "data-target": l.target },
        svgEl("title", null, names[l.source] + " → " + names[l.target] + ": " + l.deals + " deal" +
          (l.deals === 1 ? "" : "s") + ", " + fmtUSD(l.value_usd)));
      var link = svgEl("a", { href: base() + "/pairs/" + encodeURIComponent(l.source) + "/" + encodeURIComponent(l.target) },
                       path);
      edgeLayer.appendChild(link);
      (edgesOf[l.source] = edgesOf[l.source] || []).push(path);
      (edgesOf[l.target] = edgesOf[l.target] || []).push(path);
    });

    nodes.forEach(function (n) {
      var p = pos[n.id];
      var r = role[n.id] || 0;
      var cos = Math.cos(p.a), sin = Math.sin(p.a);
      var lx = p.x + cos * (p.r + 6), ly = p.y + sin * (p.r + 6) + 4;
      var g = svgEl("g", { "class": "node " + (r === 3 ? "both" : r === 1 ? "supplier" : "recipient"),
                           "data-id": n.id, tabindex: 0 }, [
        svgEl("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: p.r.toFixed(1) }),
        svgEl("text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": cos < -0.1 ? "end" : cos > 0.1 ? "start" : "middle" },
              String(n.name || n.id)),
        svgEl("title", null, (n.name || n.id) + " (" + n.id + "): " + n.deals + " deal" + (n.deals === 1 ? "" : "s"))]);
      function hot(on) {
        svg.classList.toggle("dim", on);
        g.classList.toggle("hot", on);
        (edgesOf[n.id] || []).forEach(function (e) { e.classList.toggle("hot", on); });
      }
      g.addEventListener("mouseenter", function () { hot(true); });
      g.addEventListener("mouseleave", function () { hot(false); });
      g.addEventListener("focus", function () { hot(true); });
      g.addEventListener("blur", function () { hot(false); });
      nodeLayer.appendChild(g);
    });
  }

  // ------------------------------------------------------------------ article page: mark the mention a hash points to

  function initArticle() {
    var text = document.getElementById("article-text");
    if (!text) return;
    text.addEventListener("mouseover", function (ev) {
      var mark = ev.target.closest("mark[data-mention]");
      Array.prototype.forEach.call(text.querySelectorAll("mark.active"), function (m) { m.classList.remove("active"); });
      if (!mark) return;
      var id = mark.getAttribute("data-mention");
      Array.prototype.forEach.call(text.querySelectorAll("mark[data-mention]"), function (m) {
        if (m.getAttribute("data-mention") === id) m.classList.add("active");
      });
    });
  }

  function init() { initDeal(); initNetwork(); initArticle(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
