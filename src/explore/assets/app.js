// berdaya explorer: levers -> /api/run (an event stream, month by month) ->
// hand-written SVG charts, a village view and the effects table. No library,
// no network beyond this server. Every word comes from /api/meta in English
// and Bahasa Indonesia.
"use strict";

const COLORS = {
  control: "#7a7f82", program: "#1b7f6b", capital_individual: "#d95f02",
  capital_group: "#7570b3", multi_individual: "#e7298a", multi_group: "#66a61e",
};
const PINNED = "#222";
const GROUP_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#d62728", "#393b79", "#637939", "#8c6d31"];
const CHARTED = ["poverty_rate", "mean_consumption_pc", "economic_index", "social_index",
  "political_index", "psychological_index"];

const S = {
  meta: null, lang: "en", settings: {}, compare: "control",
  client: Math.random().toString(36).slice(2, 12),
  run: null, pinned: null, abort: null, debounce: null, tMove: null,
  village: { month: 0, playing: false, follow: true, colour: "poverty", timer: null },
  drawQueued: false, facts: null, factsAbort: null, factsState: "idle",
  issues: [],
};
window.__explore = { timings: [], state: S };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
};
const SVGNS = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, v);
  return e;
};
const t = (k) => (S.meta.ui[S.lang][k] ?? k);
const loc = () => (S.lang === "id" ? "id-ID" : "en-US");
const fmt = (x, d) => (x === null || x === undefined || Number.isNaN(x)) ? "–"
  : Number(x).toLocaleString(loc(), { minimumFractionDigits: d, maximumFractionDigits: d });
const signed = (x, d) => (x === null || x === undefined || Number.isNaN(x)) ? "–"
  : (x > 0 ? "+" : (x < 0 ? "-" : "")) + fmt(Math.abs(x), d);
const rp = (x) => "Rp " + fmt(x, 0);
const metricLabel = (m) => S.meta.metrics[S.lang][m] || m;
const PROG = () => S.meta.program_arm;
const armLabel = (a) => a === "control" ? t("control") : a === PROG() ? t("program") : a.replace(/_/g, " ");
const armColor = (a) => a === PROG() ? COLORS.program : (COLORS[a] || "#999");
const choiceLabel = (c) => S.meta.choices[S.lang][c] || c;

// ---------- levers ----------
function lever(key) { return S.meta.levers.find((l) => l.key === key); }

function budgetTotal() {
  const pvy = Number(S.settings.budget_per_village_year ?? 0);
  const v = Number(S.settings["population.villages"] ?? 20);
  const d = Number(S.settings["program.duration_months"] ?? 36);
  return Math.round(pvy * v * d / 12);
}

function valueOf(key) {
  if (key in S.settings) return S.settings[key];
  const l = lever(key);
  return l ? l.default : undefined;
}

function setLever(key, value, ev) {
  S.tMove = ev && ev.timeStamp ? ev.timeStamp : performance.now();
  S.settings[key] = value;
  updateLeverValues();
  clearTimeout(S.debounce);
  S.debounce = setTimeout(startRun, 60);
}

function renderLevers() {
  const box = $("levers");
  box.textContent = "";
  const groups = S.meta.groups[S.lang];
  for (const g of S.meta.group_order) {
    box.append(el("h3", { text: groups[g] }));
    for (const l of S.meta.levers.filter((x) => x.group === g)) box.append(renderLever(l));
  }
  const others = S.meta.lever_keys_in_file.filter((k) => k in S.settings);
  if (others.length) {
    box.append(el("h3", { text: t("other_settings") }));
    const ul = el("ul", { class: "doc" });
    for (const k of others) ul.append(el("li", { text: `${k} = ${JSON.stringify(S.settings[k])}` }));
    box.append(ul);
  }
  showIssues();
}

function renderLever(l) {
  const div = el("div", { class: "lever", "data-key": l.key });
  const id = "lv-" + l.key.replace(/\./g, "-");
  div.append(el("label", { class: "name", for: id, text: l.label[S.lang] }));
  div.append(el("p", { class: "doc oneliner", text: l.doc[S.lang] }));
  const v = valueOf(l.key);
  if (l.widget === "choice") {
    const opts = el("div", { class: "opts", role: "radiogroup", id });
    for (const c of l.choices) {
      const r = el("input", { type: "radio", name: id, value: c, checked: v === c,
        onchange: (e) => setLever(l.key, c, e) });
      opts.append(el("label", {}, r, " " + choiceLabel(c)));
    }
    div.append(opts);
  } else if (l.widget === "components") {
    const opts = el("div", { class: "opts", id });
    const cur = Array.isArray(v) ? v : [];
    for (const c of l.choices) {
      const cb = el("input", { type: "checkbox", value: c, checked: cur.includes(c),
        onchange: (e) => {
          const now = [...opts.querySelectorAll("input:checked")].map((x) => x.value);
          setLever(l.key, now, e);
        } });
      opts.append(el("label", {}, cb, " " + choiceLabel(c)));
    }
    div.append(opts);
  } else {
    const [lo, hi, step] = l.range;
    const row = el("div", { class: "row" });
    if (l.widget === "slider") {
      const r = el("input", { type: "range", id, min: lo, max: hi, step, value: v,
        oninput: (e) => { setLever(l.key, Number(e.target.value), e); } });
      row.append(r);
    }
    const n = el("input", { type: "number", step: "any", value: v, "aria-label": l.label[S.lang],
      id: l.widget === "slider" ? id + "-n" : id,
      onchange: (e) => {
        const raw = e.target.value.trim();
        const x = raw === "" ? null : Number(raw);
        setLever(l.key, Number.isFinite(x) ? x : raw, e);
      } });
    row.append(n);
    div.append(row);
  }
  if (l.key === "budget_per_village_year") div.append(el("div", { class: "total" }));
  const hint = l.key === "facilitation.exit_month" ? t("zero_exit") : l.key === "program.facilitators" ? t("zero_fac") : "";
  const unit = l.unit && (S.meta.units[S.lang][l.unit] || l.unit);
  const dflt = Array.isArray(l.default) ? "[" + l.default.map(choiceLabel).join(", ") + "]"
    : typeof l.default === "string" ? choiceLabel(l.default) : fmt(l.default, Number.isInteger(l.default) ? 0 : 2);
  const facts = [unit && `[${unit}]`, l.limits && `${l.limits}`, `${t("default")} ${dflt}`, hint].filter(Boolean).join(" · ");
  div.append(el("p", { class: "doc", text: facts }));
  const claims = el("span", {});
  for (const c of l.claims) claims.append(el("span", { class: "chip", title: c.text[S.lang], text: c.id }));
  const claimLines = el("ul", { class: "doc claims" });
  for (const c of l.claims) claimLines.append(el("li", { text: `${c.id}: ${c.text[S.lang]}` }));
  if (l.claims.length) div.append(el("div", { class: "doc" }, t("claims") + ": ", claims));
  const det = el("details", {}, el("summary", { text: `${t("more")} ${t("more_en_only")}` }), claimLines);
  det.addEventListener("toggle", async () => {
    if (!det.open || det.querySelector("pre")) return;
    const r = await fetch("/api/explain?topic=" + encodeURIComponent(l.explain));
    det.append(el("pre", { text: await r.text() }));
  });
  div.append(det);
  div.append(el("p", { class: "err" }));
  return div;
}

function updateLeverValues() {
  for (const div of document.querySelectorAll(".lever")) {
    const key = div.dataset.key;
    const v = valueOf(key);
    for (const inp of div.querySelectorAll("input[type=range], input[type=number]")) {
      if (document.activeElement !== inp && String(inp.value) !== String(v)) inp.value = v;
    }
    const tot = div.querySelector(".total");
    if (tot) tot.textContent = `= ${rp(budgetTotal())} ${t("total_budget")} (program.budget)`;
  }
}

function showIssues() {
  for (const e of document.querySelectorAll(".lever .err")) e.textContent = "";
  for (const d of document.querySelectorAll(".lever.bad")) d.classList.remove("bad");
  const rest = [];
  for (const i of S.issues) {
    const div = document.querySelector(`.lever[data-key="${CSS.escape(i.key)}"]`);
    if (div) {
      const e = div.querySelector(".err");
      e.textContent = (e.textContent ? e.textContent + "\n" : "") + i.message;
      div.classList.add("bad");
    } else rest.push(i.text);
  }
  const p = $("problems");
  if (S.issues.length) {
    p.hidden = false;
    p.textContent = t("problems") + "\n" + S.issues.map((i) => i.text).join("\n");
  } else p.hidden = true;
}

// ---------- runs ----------
async function* events(resp) {
  const reader = resp.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const chunk = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let name = "message", data = "";
      for (const line of chunk.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      yield [name, data ? JSON.parse(data) : null];
    }
  }
}

function setStatus(text, busy) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("busy", !!busy);
}

async function startRun() {
  if (S.abort) S.abort.abort();
  const ctl = new AbortController();
  S.abort = ctl;
  const tMove = S.tMove ?? performance.now();
  const run = { arms: [], months: 0, bands: [], village: [], effects: null, tMove,
    tFirst: null, tDone: null, settings: JSON.parse(JSON.stringify(S.settings)), compare: S.compare,
    programEnd: null, toml: "", done: false };
  setStatus(t("setup"), true);
  let resp;
  try {
    resp = await fetch("/api/run", { method: "POST", signal: ctl.signal,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ settings: S.settings, compare: S.compare, client: S.client, arm: PROG() }) });
  } catch (e) {
    if (ctl.signal.aborted) return;
    setStatus(t("server_gone"), false);
    return;
  }
  try {
    for await (const [name, d] of events(resp)) {
      if (ctl.signal.aborted) return;
      if (name === "invalid") {
        S.issues = d.issues;
        showIssues();
        setStatus(t("problems"), false);
        return;
      } else if (name === "scenario") {
        run.toml = d.toml;
        run.big = d.household_months > 3e6;
        if (S.issues.length) { S.issues = []; showIssues(); }
      } else if (name === "start") {
        Object.assign(run, { arms: d.arms, months: d.months, programEnd: d.program_end,
          replications: d.replications, households: d.households });
        S.run = run;
        if (S.village.follow) S.village.month = 0;
      } else if (name === "month") {
        run.bands[d.month - 1] = d.bands;
        if (d.village) run.village[d.month - 1] = d.village;
        setStatus(`${t("running")} — ${t("month")} ${d.month}/${run.months}${run.big ? " · " + t("bigger") : ""}`, true);
        queueDraw();
      } else if (name === "done") {
        run.effects = d.effects;
        run.done = true;
        run.computeMs = d.compute_ms;
        queueDraw();
      } else if (name === "failed") {
        setStatus(d.message, false);
        return;
      }
    }
  } catch (e) {
    if (ctl.signal.aborted) return;
    setStatus(t("server_gone"), false);
  }
}

function queueDraw() {
  if (S.drawQueued) return;
  S.drawQueued = true;
  requestAnimationFrame(() => {
    S.drawQueued = false;
    drawAll();
    const run = S.run;
    if (!run) return;
    const drawn = run.bands.filter(Boolean).length;
    if (drawn > 0 && run.tFirst === null) run.tFirst = performance.now();
    if (run.done && run.tDone === null) {
      run.tDone = performance.now();
      const timing = { first_ms: run.tFirst - run.tMove, full_ms: run.tDone - run.tMove,
        compute_ms: run.computeMs, months: run.months, arms: run.arms.length };
      window.__explore.timings.push(timing);
      window.__explore.last = run;
      setStatus(`${t("done")} — ${run.arms.length} ${t("arms")} × ${run.replications} ${t("replications_n")} × ${fmt(run.households, 0)} ${t("households")}`, false);
      $("timing").textContent = `· ${t("first_month")} ${fmt(timing.first_ms, 0)} ms · ${t("full_run")} ${fmt(timing.full_ms, 0)} ms`;
    }
  });
}

// ---------- charts ----------
function niceTicks(lo, hi, n) {
  const span = hi - lo || 1;
  const step0 = span / n;
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) || step0;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function drawChart(metric, k, run) {
  const W = 320, H = 190, L = 52, R = 14, T = 8, B = 26;
  const box = el("div", { class: "chart", "data-metric": metric });
  box.append(el("h4", { text: metricLabel(metric) }));
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": metricLabel(metric) });
  box.append(s);
  if (!run) return box;
  const months = run.months;
  const series = [];
  run.arms.forEach((a, ai) => series.push({ arm: a, pts: run.bands.map((b) => b && b[ai][k]), color: armColor(a) }));
  const pin = S.pinned;
  if (pin) {
    const pi = pin.arms.indexOf(PROG());
    if (pi >= 0) series.push({ arm: "pinned", pts: pin.bands.map((b) => b && b[pi][k]), color: PINNED, dash: true, noband: true });
  }
  let lo = Infinity, hi = -Infinity;
  for (const sr of series) for (const p of sr.pts) if (p) {
    for (const v of sr.noband ? [p[0]] : p) if (v !== null && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (!Number.isFinite(lo)) return box;
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 0.01;
  lo -= pad; hi += pad;
  const x = (m) => L + (W - L - R) * (m / months);
  const y = (v) => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  for (const v of niceTicks(lo, hi, 4)) {
    s.append(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e6eaeb" }));
    const lab = svg("text", { x: L - 4, y: y(v) + 3, "text-anchor": "end", "font-size": 10, fill: "#5b6b70" });
    lab.textContent = metric === "poverty_rate" ? fmt(v * 100, 0) + "%" : metric === "mean_consumption_pc" ? fmt(v / 1e6, 2) + "M" : fmt(v, 2);
    s.append(lab);
  }
  const xstep = months > 60 ? 24 : 12;
  for (let m = 0; m <= months; m += xstep) {
    const lab = svg("text", { x: x(m), y: H - 8, "text-anchor": "middle", "font-size": 10, fill: "#5b6b70" });
    lab.textContent = m;
    s.append(lab);
  }
  const xl = svg("text", { x: W - R, y: H - 8, "text-anchor": "end", "font-size": 9, fill: "#5b6b70" });
  xl.textContent = "";
  s.append(svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#9aa5a8" }));
  if (run.programEnd) {
    s.append(svg("line", { x1: x(run.programEnd), x2: x(run.programEnd), y1: T, y2: H - B, stroke: "#9aa5a8", "stroke-dasharray": "3 3" }));
  }
  for (const sr of series) {
    const pts = sr.pts.map((p, i) => p && [i + 1, p]).filter(Boolean);
    if (!pts.length) continue;
    if (!sr.noband) {
      const ok = pts.filter(([, p]) => Number.isFinite(p[1]) && Number.isFinite(p[2]));
      if (ok.length > 1) {
        const up = ok.map(([m, p]) => `${x(m).toFixed(1)},${y(p[2]).toFixed(1)}`);
        const dn = ok.slice().reverse().map(([m, p]) => `${x(m).toFixed(1)},${y(p[1]).toFixed(1)}`);
        s.append(svg("polygon", { points: up.concat(dn).join(" "), fill: sr.color, "fill-opacity": 0.16, stroke: "none" }));
      }
    }
    const d = pts.map(([m, p], i) => `${i ? "L" : "M"}${x(m).toFixed(1)},${y(p[0]).toFixed(1)}`).join("");
    s.append(svg("path", { d, fill: "none", stroke: sr.color, "stroke-width": sr.arm === PROG() ? 2 : 1.5,
      "stroke-dasharray": sr.dash ? "5 3" : null, "data-arm": sr.arm }));
  }
  return box;
}

function drawLegend(run) {
  const lg = $("legend");
  lg.textContent = "";
  if (!run) return;
  for (const a of run.arms) {
    const i = el("i");
    i.style.background = armColor(a);
    lg.append(el("span", {}, i, armLabel(a)));
  }
  if (S.pinned) {
    lg.append(el("span", {}, el("i", { class: "dash" }), `${t("program")} (${t("pinned")})`));
  }
}

function drawCharts() {
  const box = $("charts");
  box.textContent = "";
  const run = S.run;
  for (const m of CHARTED) box.append(drawChart(m, S.meta.metric_order.indexOf(m), run));
  drawLegend(run);
}

// ---------- effects ----------
function effectText(metric, e) {
  if (!e) return "–";
  // the bounds' separator: a semicolon where the decimal mark is a comma
  const ci = (a, b, d, f) => `[${signed(f(a), d)}${S.lang === "id" ? "; " : ", "}${signed(f(b), d)}]`;
  if (metric === "poverty_rate") return `${signed(e.diff * 100, 2)} pp ${ci(e.ci_low, e.ci_high, 2, (v) => v * 100)}`;
  if (metric === "mean_consumption_pc") return `${signed(e.diff, 0)} Rp (${signed(e.pct_change, 1)}%)`;
  return `${signed(e.diff, 3)} ${ci(e.ci_low, e.ci_high, 3, (v) => v)}`;
}

function drawEffects() {
  const box = $("effects");
  box.textContent = "";
  const run = S.run;
  if (!run || !run.effects) { box.append(el("p", { class: "note", text: S.run ? t("running") + "…" : t("none_yet") })); return; }
  const arms = run.arms.filter((a) => a !== "control");
  const whens = [...new Set(run.effects.map((e) => e.when + ":" + e.month))];
  const tbl = el("table", { id: "effects-table" });
  const head = el("tr", {}, el("th", { text: t("metric") }));
  const whenLabel = (w) => {
    const [name, m] = w.split(":");
    const lab = name === "program_end" ? t("program_end") : (Number(m) === 120 ? t("ten_years") : t("horizon_end"));
    return `${lab} (${t("month")} ${m})`;
  };
  for (const a of arms) for (const w of whens) head.append(el("th", { text: `${armLabel(a)}: ${whenLabel(w)}` }));
  const pin = S.pinned && S.pinned.effects;
  if (pin) for (const w of whens) head.append(el("th", { text: `${t("program")} (${t("pinned")}): ${whenLabel(w)}` }));
  tbl.append(head);
  for (const m of S.meta.metric_order) {
    const tr = el("tr", {}, el("th", { text: metricLabel(m) }));
    for (const a of arms) for (const w of whens) {
      const [when, month] = w.split(":");
      const e = run.effects.find((x) => x.arm === a && x.metric === m && x.when === when && x.month === Number(month));
      tr.append(el("td", { class: "num", "data-arm": a, "data-metric": m, "data-when": when,
        "data-month": month, "data-value": e ? String(e.diff) : "", text: effectText(m, e) }));
    }
    if (pin) for (const w of whens) {
      const [when, month] = w.split(":");
      const e = pin.find((x) => x.arm === PROG() && x.metric === m && x.when === when && x.month === Number(month));
      tr.append(el("td", { class: "num pinned", text: effectText(m, e) }));
    }
    tbl.append(tr);
  }
  box.append(tbl);
  if (S.pinned) {
    const diffs = [];
    const keys = new Set([...Object.keys(S.pinned.settings), ...Object.keys(run.settings)]);
    for (const k of keys) {
      const a = JSON.stringify(S.pinned.settings[k]), b = JSON.stringify(run.settings[k]);
      if (a !== b) diffs.push(`${(lever(k) && lever(k).label[S.lang]) || k}: ${a} → ${b}`);
    }
    if (S.pinned.compare !== run.compare) diffs.push(`${t("compare")}: ${S.pinned.compare} → ${run.compare}`);
    box.append(el("p", { class: "note", id: "pin-diff", text: `${t("pinned")} → ${diffs.join("; ") || "="}` }));
  }
}

// ---------- village ----------
function empColor(v) {
  // light yellow (0) -> green -> dark blue (1)
  const stops = [[255, 247, 188], [120, 198, 121], [35, 132, 67], [8, 64, 129]];
  const x = Math.max(0, Math.min(1, v)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
  const c = stops[i].map((s, j) => Math.round(s + (stops[i + 1][j] - s) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function drawVillage() {
  const s = $("village");
  s.textContent = "";
  const run = S.run;
  const frames = run ? run.village : [];
  const last = frames.length;
  if (S.village.follow || S.village.month > last || S.village.month < 1) S.village.month = last;
  const fr = frames[S.village.month - 1];
  const slider = $("village-month");
  if (slider) { slider.max = Math.max(1, last); slider.value = S.village.month; }
  const lab = $("village-month-label");
  if (lab) lab.textContent = `${t("month")} ${S.village.month || 0}/${run ? run.months : 0}`;
  if (!fr) return;
  const n = fr.poor.length, C = 220, Rr = 160;
  const ang = (i) => -Math.PI / 2 + 2 * Math.PI * i / n;
  const rdot = Math.max(1.6, Math.min(6, 0.42 * 2 * Math.PI * Rr / n));
  const firm = svg("rect", { x: C - 30, y: C - 10, width: 60, height: 20, fill: "#fff", stroke: "#444", rx: 3 });
  for (let i = 0; i < n; i++) if (fr.contract[i]) {
    s.append(svg("line", { x1: C, y1: C, x2: C + Rr * Math.cos(ang(i)), y2: C + Rr * Math.sin(ang(i)), stroke: "#c98a00", "stroke-opacity": 0.45, "stroke-width": 0.8 }));
  }
  s.append(firm);
  const ft = svg("text", { x: C, y: C + 4, "text-anchor": "middle", "font-size": 9, fill: "#444" });
  ft.textContent = t("firm");
  s.append(ft);
  for (let i = 0; i < n; i++) {
    const a = ang(i);
    if (fr.group[i] >= 0) {
      const g = fr.group[i], r1 = Rr + rdot + 5, da = Math.PI / n;
      const p = (r, th) => `${(C + r * Math.cos(th)).toFixed(1)},${(C + r * Math.sin(th)).toFixed(1)}`;
      s.append(svg("path", { d: `M${p(r1, a - da)}A${r1},${r1} 0 0 1 ${p(r1, a + da)}`, stroke: GROUP_COLORS[g % GROUP_COLORS.length], "stroke-width": 5, fill: "none" }));
    }
  }
  let poor = 0;
  for (let i = 0; i < n; i++) {
    const a = ang(i), cx = C + Rr * Math.cos(a), cy = C + Rr * Math.sin(a);
    poor += fr.poor[i];
    const fill = S.village.colour === "poverty" ? (fr.poor[i] ? "#d7301f" : "#9ecae1") : empColor(fr.emp[i] / 100);
    const shape = fr.elite[i]
      ? svg("rect", { x: cx - rdot, y: cy - rdot, width: 2 * rdot, height: 2 * rdot, fill, stroke: "#333", "stroke-width": 0.6 })
      : svg("circle", { cx, cy, r: rdot, fill, stroke: "#333", "stroke-width": 0.4 });
    s.append(shape);
    if (fr.visit[i]) s.append(svg("circle", { cx, cy, r: rdot + 2.5, fill: "none", stroke: "#ff7f0e", "stroke-width": 1.4 }));
  }
  const info = [
    `${t("month")} ${fr.month}`,
    `${t("poor")}: ${fmt(100 * poor / n, 0)}%`,
    `${t("groups_active")}: ${fr.groups}`,
    fr.facilitators_active ? t("facilitators_working") : t("facilitators_gone"),
  ];
  info.forEach((line, k) => {
    const tx = svg("text", { x: C, y: C + 40 + 14 * k, "text-anchor": "middle", "font-size": 11, fill: "#333" });
    tx.textContent = line;
    s.append(tx);
  });
}

function renderVillageControls() {
  const c = $("village-controls");
  c.textContent = "";
  const stop = () => { S.village.playing = false; clearInterval(S.village.timer); S.village.follow = false; renderVillageControls(); };
  c.append(el("button", { type: "button", id: "v-back", text: "◀ " + t("step_back"), onclick: () => { stop(); S.village.month = Math.max(1, S.village.month - 1); drawVillage(); } }));
  c.append(el("button", { type: "button", id: "v-play", class: S.village.playing ? "on" : null,
    text: S.village.playing ? "❚❚ " + t("pause") : "▶ " + t("play"),
    onclick: () => {
      if (S.village.playing) { stop(); return; }
      S.village.playing = true; S.village.follow = false;
      const run = S.run;
      if (run && S.village.month >= run.village.length) S.village.month = 0;
      S.village.timer = setInterval(() => {
        const len = S.run ? S.run.village.length : 0;
        if (S.village.month < len) { S.village.month++; drawVillage(); }
        else if (S.run && S.run.done) { stop(); }
      }, 120);
      renderVillageControls();
    } }));
  c.append(el("button", { type: "button", id: "v-step", text: t("step") + " ▶", onclick: () => { stop(); const len = S.run ? S.run.village.length : 0; S.village.month = Math.min(len, S.village.month + 1); drawVillage(); } }));
  c.append(el("input", { type: "range", id: "village-month", min: 1, max: 1, value: 1, "aria-label": t("month"),
    oninput: (e) => { stop(); S.village.month = Number(e.target.value); drawVillage(); } }));
  c.append(el("span", { id: "village-month-label" }));
  const sel = el("select", { id: "v-colour", "aria-label": t("colour_by"), onchange: (e) => { S.village.colour = e.target.value; drawVillage(); renderVillageLegend(); } },
    el("option", { value: "poverty", selected: S.village.colour === "poverty", text: t("by_poverty") }),
    el("option", { value: "empowerment", selected: S.village.colour === "empowerment", text: t("by_empowerment") }));
  c.append(el("label", {}, t("colour_by") + " ", sel));
  drawVillage();
}

function renderVillageLegend() {
  const lg = $("village-legend");
  lg.textContent = "";
  const sw = (color) => { const i = el("i"); i.style.background = color; i.style.height = "9px"; i.style.width = "9px"; i.style.borderRadius = "50%"; return i; };
  if (S.village.colour === "poverty") {
    lg.append(el("span", {}, sw("#d7301f"), t("poor")), el("span", {}, sw("#9ecae1"), t("not_poor")));
  } else {
    lg.append(el("span", {}, sw(empColor(0.1)), "0.1"), el("span", {}, sw(empColor(0.5)), "0.5"), el("span", {}, sw(empColor(0.9)), "0.9 " + metricLabel("empowerment_index")));
  }
  for (const k of ["group_legend", "visit_legend", "contract_legend", "elite_legend"]) lg.append(el("span", { text: t(k) }));
}

// ---------- facts ----------
async function runFacts() {
  if (S.factsAbort) S.factsAbort.abort();
  const ctl = new AbortController();
  S.factsAbort = ctl;
  const prog = $("facts-progress");
  prog.hidden = false; prog.value = 0;
  S.factsState = "running";
  $("facts").textContent = "";
  try {
    const resp = await fetch("/api/evidence", { method: "POST", signal: ctl.signal,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ settings: S.settings, client: S.client }) });
    for await (const [name, d] of events(resp)) {
      if (name === "progress") { prog.max = d.total; prog.value = d.done; }
      else if (name === "facts") { S.facts = d.facts; S.factsState = "done"; drawFacts(); }
      else if (name === "invalid") { S.issues = d.issues; showIssues(); }
      else if (name === "failed") { $("facts").textContent = d.message; }
    }
  } catch (e) {
    if (!ctl.signal.aborted) $("facts").textContent = t("server_gone");
  }
  prog.hidden = true;
}

// A fact's rule, language-neutral: the serialized `Rule` of src/evidence/checks.rs.
function ruleText(r) {
  const [k, v] = Object.entries(r)[0];
  const n = (x) => short(x);
  switch (k) {
    case "Above": return `> ${n(v)}`;
    case "AtLeast": return `≥ ${n(v)}`;
    case "Below": return `< ${n(v)}`;
    case "AtMost": return `≤ ${n(v)}`;
    case "Within": return `${n(v[0])} – ${n(v[1])}`;
    case "AbsBelow": return `±${n(v)}`;
    default: return k;
  }
}

// A value of any size in a few characters.
function short(x) {
  if (Number.isInteger(x)) return fmt(x, 0);
  const a = Math.abs(x);
  return fmt(x, a >= 100 ? 0 : a >= 1 ? 2 : 3);
}

// The verdict cell: holds, holds within Monte Carlo noise, or fails; under a
// failing fact the criteria it misses, under a noisy one the criteria whose
// interval reaches past the bound, each with the model's value (and its
// interval) and the rule it had to meet.
function verdict(f, id) {
  const noisy = f.holds ? (f.checks || []).filter((c) => c.within_noise) : [];
  const word = !f.holds ? t("fails") : noisy.length ? t("holds_noise") : t("holds");
  const td = el("td", { class: f.holds ? "holds" : "fails", text: word });
  const shown = f.holds ? noisy : (f.checks || []).filter((c) => !c.passed);
  for (const c of shown) {
    // Indonesian numbers have decimal commas: the bounds are parted by "; "
    const ci = Array.isArray(c.ci) ? ` [${short(c.ci[0])}${id ? ";" : ","} ${short(c.ci[1])}]` : "";
    td.append(el("div", { class: "note", text: `${id ? c.what_id : c.what}: ${short(c.value)}${ci} (${t("rule")} ${ruleText(c.rule)})` }));
  }
  return td;
}

function drawFacts() {
  const box = $("facts");
  box.textContent = "";
  if (!S.facts) return;
  const tbl = el("table", { id: "facts-table" });
  tbl.append(el("tr", {}, el("th", { text: "" }), el("th", { text: "" }), el("th", { text: t("field") }), el("th", { text: t("model") })));
  for (const f of S.facts) {
    const id = S.lang === "id";
    const title = id ? f.title_id : f.title;
    tbl.append(el("tr", { "data-fact": f.id },
      el("td", {}, el("b", { text: `${f.id} ` }), title, el("br"), el("span", { class: "note", text: f.source })),
      verdict(f, id),
      el("td", { text: id ? f.field_id : f.field }), el("td", { text: id ? f.model_id : f.model })));
  }
  box.append(tbl);
}

// ---------- page ----------
function renderStatic() {
  document.documentElement.lang = S.lang;
  document.title = t("title");
  $("title").textContent = t("title");
  $("subtitle").textContent = t("subtitle");
  $("lang").textContent = t("lang");
  $("lang").setAttribute("lang", S.lang === "en" ? "id" : "en");
  $("pin").textContent = S.pinned ? t("unpin") : t("pin");
  $("export").textContent = t("export");
  $("reset").textContent = t("reset");
  const cmp = $("compare");
  cmp.textContent = "";
  cmp.append(el("legend", { text: t("compare") }));
  for (const [v, k] of [["control", "compare_control"], ["all", "compare_all"]]) {
    cmp.append(el("label", {}, el("input", { type: "radio", name: "compare", value: v, checked: S.compare === v,
      onchange: (e) => { S.compare = v; S.tMove = e.timeStamp; startRun(); } }), " " + t(k)));
  }
  $("bandnote").textContent = t("band");
  $("effects-title").textContent = t("effects");
  $("effects-note").textContent = t("effects_note");
  $("village-title").textContent = t("village");
  $("village-note").textContent = t("village_note");
  $("facts-title").textContent = t("facts");
  $("facts-note").textContent = t("facts_note");
  $("facts-run").textContent = t("facts_run");
  const fi = $("fileinfo");
  fi.textContent = S.meta.file ? `· ${t("opened")}: ${S.meta.file}${S.meta.file_arm ? " [" + S.meta.file_arm + "]" : ""}` : "";
  if (S.run && S.run.done) queueDraw();
  else if (!S.run) setStatus(t("none_yet"), false);
}

function drawAll() {
  drawCharts();
  drawEffects();
  drawVillage();
}

function renderAll() {
  renderStatic();
  renderLevers();
  updateLeverValues();
  renderVillageControls();
  renderVillageLegend();
  drawAll();
  drawFacts();
  const run = S.run;
  if (run && run.done && run.tDone !== null) {
    const tm = window.__explore.timings[window.__explore.timings.length - 1];
    if (tm) $("timing").textContent = `· ${t("first_month")} ${fmt(tm.first_ms, 0)} ms · ${t("full_run")} ${fmt(tm.full_ms, 0)} ms`;
    setStatus(`${t("done")} — ${run.arms.length} ${t("arms")} × ${run.replications} ${t("replications_n")} × ${fmt(run.households, 0)} ${t("households")}`, false);
  }
}

async function exportScenario() {
  const r = await fetch("/api/scenario", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ settings: S.settings, compare: S.compare, client: S.client, arm: PROG() }) });
  if (r.status !== 200) {
    const d = await r.json();
    S.issues = d.issues; showIssues();
    return;
  }
  const text = await r.text();
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/toml" })), download: "explore.toml" });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function main() {
  S.meta = await (await fetch("/api/meta")).json();
  S.settings = JSON.parse(JSON.stringify(S.meta.initial));
  $("lang").addEventListener("click", () => { S.lang = S.lang === "en" ? "id" : "en"; renderAll(); });
  $("pin").addEventListener("click", () => {
    S.pinned = S.pinned ? null : (S.run && S.run.done ? S.run : null);
    renderStatic(); drawAll();
  });
  $("export").addEventListener("click", exportScenario);
  $("reset").addEventListener("click", (e) => {
    S.settings = JSON.parse(JSON.stringify(S.meta.initial));
    renderLevers(); updateLeverValues(); S.tMove = e.timeStamp; startRun();
  });
  $("facts-run").addEventListener("click", runFacts);
  renderAll();
  S.tMove = performance.now();
  startRun();
}

main();
