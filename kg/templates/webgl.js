"use strict";
// kg's network.html: every person of the coauthor network, positions computed by kg beforehand.
// All text reaches the page through textContent; sigma draws labels on a canvas.
(function () {
  const $ = (id) => document.getElementById(id);
  const FADE = "#e4e4e4";
  const PAPERS_AT_ONCE = 500;
  const D = JSON.parse($("kg-data").textContent);
  const P = D.people, N = P.name.length;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function offsets(counts) {
    const out = new Int32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) out[i + 1] = out[i] + counts[i];
    return out;
  }

  // ---- columns into lookups ------------------------------------------------------------
  const paperStart = offsets(P.paperCount);
  const topicStart = offsets(D.papers.topicCount);
  const tieStart = offsets(D.ties.count);
  const alternates = new Map();
  {
    let k = 0;
    P.altOwner.forEach((owner, j) => { alternates.set(owner, P.alt.slice(k, k + P.altCount[j])); k += P.altCount[j]; });
  }
  // Everyone's coauthors with weights, from both ends of each tie.
  const degree = new Int32Array(N);
  for (let i = 0; i < N; i++) for (let e = tieStart[i]; e < tieStart[i + 1]; e++) { degree[i]++; degree[D.ties.other[e]]++; }
  const nbStart = offsets(degree);
  const nb = new Int32Array(nbStart[N]), nbWeight = new Int32Array(nbStart[N]);
  {
    const fill = nbStart.slice(0, N);
    for (let i = 0; i < N; i++) for (let e = tieStart[i]; e < tieStart[i + 1]; e++) {
      const j = D.ties.other[e], w = D.ties.weight[e];
      nb[fill[i]] = j; nbWeight[fill[i]++] = w;
      nb[fill[j]] = i; nbWeight[fill[j]++] = w;
    }
  }
  const color = (c) => (c >= 0 ? D.palette[c % D.palette.length] : "#c8c8c8");

  // ---- the graph and its renderer ------------------------------------------------------
  const graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  for (let i = 0; i < N; i++) {
    graph.addNode(i, { x: P.x[i], y: P.y[i], size: P.size[i], color: color(P.community[i]), label: P.name[i] });
  }
  for (let i = 0; i < N; i++) for (let e = tieStart[i]; e < tieStart[i + 1]; e++) {
    const w = D.ties.weight[e];
    graph.addEdge(i, D.ties.other[e], { size: Math.min(0.5 + 0.5 * w, 4), color: "#cfcfcf" });
  }

  let selected = -1, ego = null, visible = null;  // visible: null when no filter is set
  const renderer = new Sigma(graph, $("network"), {
    defaultEdgeType: "line",
    edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
    hideEdgesOnMove: N > 20000,
    labelRenderedSizeThreshold: 8,
    labelDensity: 0.5,
    zIndex: true,
    nodeReducer: (node, data) => {
      const i = +node;
      if (visible !== null && !visible[i] && i !== selected) return Object.assign({}, data, { hidden: true });
      if (ego === null) return data;
      if (i === selected) return Object.assign({}, data, { highlighted: true, forceLabel: true, zIndex: 2 });
      if (ego.has(i)) return Object.assign({}, data, { forceLabel: ego.size <= 40, zIndex: 1 });
      return Object.assign({}, data, { color: FADE, label: "", zIndex: 0 });
    },
    edgeReducer: (edge, data) => {
      if (ego === null && visible === null) return data;
      const s = +graph.source(edge), t = +graph.target(edge);
      if (visible !== null && (!visible[s] || !visible[t]) && s !== selected && t !== selected) return Object.assign({}, data, { hidden: true });
      if (ego === null) return data;
      if (s === selected || t === selected) return Object.assign({}, data, { color: ego.size > 300 ? "#aaa" : "#555", zIndex: 1 });
      return Object.assign({}, data, { hidden: true });
    },
  });

  // ---- the side panel --------------------------------------------------------------------
  function paperItem(p) {
    const li = el("li");
    const year = D.papers.year[p];
    li.appendChild(el("span", (year ? year + " · " : "") + D.papers.title[p], "t"));
    const bits = [];
    if (D.papers.category[p] >= 0) bits.push(D.categories[D.papers.category[p]]);
    const topics = [];
    for (let k = topicStart[p]; k < topicStart[p + 1]; k++) topics.push(D.topics[D.papers.topics[k]]);
    if (topics.length) bits.push(topics.join(", "));
    if (bits.length) { li.appendChild(el("br")); li.appendChild(el("span", bits.join(" · "), "meta")); }
    return li;
  }
  function personButton(j, text) {
    const b = el("button", text, "link");
    b.type = "button";
    b.addEventListener("click", () => select(j, true));
    return b;
  }
  function showPanel(i) {
    const body = $("panel-body");
    $("panel-title").textContent = P.name[i];
    body.className = "";
    body.replaceChildren();
    const alt = alternates.get(i);
    if (alt) body.appendChild(el("div", "Also printed as: " + alt.join(", "), "muted"));
    const papers = paperStart[i + 1] - paperStart[i];
    body.appendChild(el("div", "community " + P.community[i] + " · " + degree[i] + (degree[i] === 1 ? " coauthor" : " coauthors") + " · PageRank " + P.pagerank[i]));
    body.appendChild(el("h3", "Papers (" + papers + ")"));
    const list = el("ul");
    list.id = "panel-papers";
    // A prolific person's list comes in two steps: the first PAPERS_AT_ONCE, then the rest on request.
    const cut = Math.min(paperStart[i + 1], paperStart[i] + PAPERS_AT_ONCE);
    for (let k = paperStart[i]; k < cut; k++) list.appendChild(paperItem(P.papers[k]));
    body.appendChild(list);
    if (cut < paperStart[i + 1]) {
      const more = el("button", "Show all " + papers + " papers", "link");
      more.type = "button";
      more.id = "panel-more-papers";
      more.addEventListener("click", () => {
        for (let k = cut; k < paperStart[i + 1]; k++) list.appendChild(paperItem(P.papers[k]));
        more.remove();
      });
      body.appendChild(more);
    }
    if (degree[i]) {
      const order = [];
      for (let k = nbStart[i]; k < nbStart[i + 1]; k++) order.push(k);
      order.sort((a, b) => nbWeight[b] - nbWeight[a] || (P.name[nb[a]] < P.name[nb[b]] ? -1 : 1));
      body.appendChild(el("h3", "Coauthors (" + degree[i] + ")"));
      const co = el("ul");
      co.id = "panel-coauthors";
      for (const k of order.slice(0, 50)) {
        const li = el("li");
        li.appendChild(personButton(nb[k], P.name[nb[k]]));
        li.appendChild(el("span", " — " + nbWeight[k] + (nbWeight[k] === 1 ? " joint paper" : " joint papers"), "meta"));
        co.appendChild(li);
      }
      if (order.length > 50) co.appendChild(el("li", "… and " + (order.length - 50) + " more", "muted"));
      body.appendChild(co);
    }
  }

  function select(i, focus) {
    selected = i;
    ego = new Set([i]);
    for (let k = nbStart[i]; k < nbStart[i + 1]; k++) ego.add(nb[k]);
    showPanel(i);
    renderer.refresh({ skipIndexation: true });
    if (focus) fitCamera(ego);
  }
  // Centre on the person with all their coauthors in view (display coordinates run 0..1).
  function fitCamera(nodes) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const j of nodes) {
      const d = renderer.getNodeDisplayData(String(j));
      if (!d) continue;
      x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
    }
    if (x0 > x1) return;
    const ratio = Math.min(1, Math.max(0.01, 1.3 * Math.max(x1 - x0, y1 - y0)));
    renderer.getCamera().setState({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio });
  }
  function unselect() {
    selected = -1;
    ego = null;
    renderer.refresh({ skipIndexation: true });
  }
  renderer.on("clickNode", ({ node }) => select(+node, false));
  renderer.on("clickStage", unselect);

  // ---- search across names and merged variants ------------------------------------------
  // Every name a person goes by, lower-cased once, on the first search.
  let names = null;
  function matches(q) {
    if (names === null) {
      names = P.name.map((s, i) => [i, s.toLowerCase()]);
      for (const [i, variants] of alternates) for (const s of variants) names.push([i, s.toLowerCase()]);
    }
    const exact = [], partial = [];
    for (const [i, s] of names) { if (s === q) exact.push(i); else if (s.includes(q)) partial.push(i); }
    const rank = (a, b) => P.pagerank[b] - P.pagerank[a] || a - b;
    return [...new Set(exact.sort(rank).concat(partial.sort(rank)))];
  }
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const raw = $("search-input").value.trim(), q = raw.toLowerCase();
    if (!q) return;
    const found = matches(q);
    if (!found.length) { $("status").textContent = "nothing matches “" + raw + "”"; return; }
    select(found[0], true);
    $("status").textContent = "found " + P.name[found[0]] + (found.length > 1 ? " (" + found.length + " match)" : "");
    if (found.length > 1) {
      const more = el("div");
      more.id = "panel-matches";
      more.appendChild(el("h3", "Others matching “" + raw + "”"));
      const ul = el("ul");
      for (const j of found.slice(1, 21)) { const li = el("li"); li.appendChild(personButton(j, P.name[j])); ul.appendChild(li); }
      more.appendChild(ul);
      $("panel-body").appendChild(more);
    }
  });

  // ---- filters: a person stays when one of their papers passes all of them -------------------
  function fill(select, values) {
    for (const [value, label] of values) { const o = el("option", label); o.value = value; select.appendChild(o); }
  }
  fill($("f-community"), D.communities.slice(0, 500).map((c) => [String(c.number), "community " + c.number + " (" + c.size + ")"]));
  fill($("f-category"), D.categories.map((c, k) => [String(k), c]));
  for (const t of D.topics) { const o = el("option"); o.value = t; $("topic-list").appendChild(o); }
  const known = D.papers.year.filter((y) => y > 0);
  if (known.length) {
    $("f-from").placeholder = known.reduce((a, b) => Math.min(a, b));
    $("f-to").placeholder = known.reduce((a, b) => Math.max(a, b));
  }
  const topicIndex = new Map(D.topics.map((t, k) => [t, k]));

  function applyFilters() {
    const community = $("f-community").value, category = $("f-category").value;
    const topicText = $("f-topic").value.trim();
    const from = parseInt($("f-from").value, 10), to = parseInt($("f-to").value, 10);
    const years = !isNaN(from) || !isNaN(to);
    const topic = topicText ? (topicIndex.has(topicText) ? topicIndex.get(topicText) : -2) : -1;
    if (community === "" && category === "" && topic === -1 && !years) {
      visible = null;
      $("status").textContent = N + " people shown";
    } else {
      const c = community === "" ? null : +community, cat = category === "" ? -1 : +category;
      const paperPasses = (p) => {
        if (cat >= 0 && D.papers.category[p] !== cat) return false;
        if (years) { const y = D.papers.year[p]; if (!y || (!isNaN(from) && y < from) || (!isNaN(to) && y > to)) return false; }
        if (topic !== -1) {
          let hit = false;
          for (let k = topicStart[p]; k < topicStart[p + 1]; k++) if (D.papers.topics[k] === topic) { hit = true; break; }
          if (!hit) return false;
        }
        return true;
      };
      const papersToo = cat >= 0 || topic !== -1 || years;
      visible = new Uint8Array(N);
      let shown = 0;
      for (let i = 0; i < N; i++) {
        if (c !== null && P.community[i] !== c) continue;
        let ok = !papersToo;
        for (let k = paperStart[i]; !ok && k < paperStart[i + 1]; k++) ok = paperPasses(P.papers[k]);
        if (ok) { visible[i] = 1; shown++; }
      }
      $("status").textContent = shown + " of " + N + " people shown";
    }
    renderer.refresh({ skipIndexation: true });
  }
  for (const id of ["f-community", "f-category", "f-topic", "f-from", "f-to"]) $(id).addEventListener("change", applyFilters);
  $("reset").addEventListener("click", () => {
    for (const id of ["f-community", "f-category", "f-topic", "f-from", "f-to", "search-input"]) $(id).value = "";
    unselect();
    applyFilters();
    renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  });

  // ---- legend: the coloured communities; a click filters to one -----------------------------
  const legend = $("legend");
  for (const c of D.communities.slice(0, D.legendCommunities)) {
    const row = el("button");
    row.type = "button";
    const dot = el("span", null, "swatch");
    dot.style.background = c.color;
    row.append(dot, el("span", "community " + c.number + " · " + c.size + (c.size === 1 ? " person" : " people")));
    row.addEventListener("click", () => { $("f-community").value = String(c.number); applyFilters(); });
    legend.appendChild(row);
  }
  if (D.communities.length > D.legendCommunities) {
    const rest = D.communities.slice(D.legendCommunities);
    legend.appendChild(el("div", rest.length + " smaller communities (" + rest.reduce((s, c) => s + c.size, 0) + " people) reuse these colours", "muted"));
  }

  renderer.refresh();
  $("status").textContent = N + " people shown";
  window.kg = { graph, renderer, select, unselect, applyFilters, data: D };
  // Ready once the first frame with every node has been drawn.
  requestAnimationFrame(() => { window.kgReady = { nodes: graph.order, edges: graph.size }; });
})();
