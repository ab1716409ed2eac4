// The preview page: draws the PDF the build made with pdf.js, page by page, repainting only pages
// that changed; lays the layout's spots over them; shows errors over the last good pages.
// Every string from the brief goes in as text (textContent), never as markup.

const token = new URLSearchParams(location.search).get('t') ?? '';
const url = (path, extra = '') => `${path}?t=${encodeURIComponent(token)}${extra}`;
const pdfjs = await import(url('/pdf.mjs'));
pdfjs.GlobalWorkerOptions.workerSrc = url('/pdf.worker.mjs');
// One worker for the page's life: pdf.js otherwise starts (and loads) a new one for every
// document, which was 80 of the ~220 ms from a save to the repaint.
const worker = new pdfjs.PDFWorker();

const $ = (id) => document.getElementById(id);
const sheets = $('sheets');
/** Points to CSS pixels at 100 %: the page at the size it prints. */
const PRINT = 96 / 72;
/** The zoom chosen: a factor of the printed size, or the width of the pages' column. */
let zoom = localStorage.getItem('briefpress.zoom') ?? '1';
$('zoom').value = zoom;
function scaleFor(pageWidth) {
  if (zoom !== 'fit') return PRINT * Number(zoom);
  return Math.max(0.25, ($('pages').clientWidth - 64) / pageWidth);
}

let state = null;
/** What the screen shows: the build's version and each page's hash. */
let shown = { built: 0, hashes: [] };
let updating = false;
let again = false;
/** The spot or list entry the detail panel was opened from, to return focus to. */
let opener = null;
/** For the bench and the browser tests: when each build's changed pages were painted. */
window.__preview = { version: 0, built: 0, paintedAt: 0, repainted: [] };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function update() {
  if (updating) {
    again = true;
    return;
  }
  updating = true;
  try {
    do {
      again = false;
      const res = await fetch(url('/state'));
      if (!res.ok) throw new Error(`state: ${res.status}`);
      state = await res.json();
      document.title = `${state.title} · Preview · briefpress`;
      $('title').textContent = state.title;
      if (state.built && state.built.version !== shown.built) await paint(state.built);
      showOverlay();
      showWarnings();
      showStatus();
      window.__preview.version = state.version;
    } while (again);
  } catch (e) {
    $('status').textContent = `Preview lost its server (${e.message}); is briefpress preview still running?`;
  } finally {
    updating = false;
  }
}

/** Draws the pages whose hash changed (all of them the first time), visible ones first. */
async function paint(built) {
  const now = () => performance.timeOrigin + performance.now();
  const trace = { ...state.trace, state: now() };
  const res = await fetch(url('/brief.pdf', `&v=${built.version}`));
  if (!res.ok) return;
  const data = new Uint8Array(await res.arrayBuffer());
  trace.pdf = now();
  const doc = await pdfjs.getDocument({ data, worker, isEvalSupported: false, enableXfa: false }).promise;
  trace.parsed = now();
  window.__preview.trace = trace;
  try {
    const n = built.pages.length;
    while (sheets.children.length > n) sheets.lastElementChild.remove();
    const changed = [];
    for (let i = 0; i < n; i++) {
      if (!sheets.children[i]) sheets.append(sheetFor(i, n));
      if (shown.hashes[i] !== built.pages[i].hash || sheets.children[i].dataset.of !== String(n)) changed.push(i);
    }
    // The pages in view first: that is the repaint a writer waits for.
    const view = (i) => {
      const r = sheets.children[i].getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight ? 0 : 1;
    };
    changed.sort((a, b) => view(a) - view(b) || a - b);
    let first = true;
    for (const i of changed) {
      await drawPage(doc, i, built.pages[i], n);
      if (first && view(i) === 0) {
        window.__preview.paintedAt = performance.timeOrigin + performance.now();
        first = false;
      }
    }
    for (let i = 0; i < n; i++) placeSpots(sheets.children[i], built.pages[i], i);
    if (first) window.__preview.paintedAt = performance.timeOrigin + performance.now();
    shown = { built: built.version, hashes: built.pages.map((p) => p.hash) };
    window.__preview.built = built.version;
    window.__preview.repainted = changed.map((i) => i + 1);
    window.__preview.paints = (window.__preview.paints ?? 0) + 1;
    $('download').hidden = false;
    $('webpage').hidden = false;
    $('download').setAttribute('download', `${built.name}.pdf`);
    showFacts(built);
  } finally {
    await doc.destroy();
  }
}

function sheetFor(i, n) {
  return el('div', { class: 'sheet', 'data-page': i + 1, 'data-of': n }, el('span', { class: 'label', 'aria-hidden': 'true', text: String(i + 1) }));
}

async function drawPage(doc, i, info, n) {
  const sheet = sheets.children[i];
  const scale = scaleFor(info.width);
  sheet.style.width = `${info.width * scale}px`;
  sheet.style.height = `${info.height * scale}px`;
  sheet.dataset.of = String(n);
  const page = await doc.getPage(i + 1);
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: scale * ratio });
  const canvas = el('canvas', { width: Math.round(viewport.width), height: Math.round(viewport.height), role: 'img', 'aria-label': `Page ${i + 1} of ${n}` });
  await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
  // Drawn off screen, then swapped in: the old page stays until the new one is ready.
  const old = sheet.querySelector('canvas');
  if (old) old.replaceWith(canvas);
  else sheet.prepend(canvas);
}

function placeSpots(sheet, info, pageIndex) {
  sheet.querySelector('.spots')?.remove();
  const layer = el('div', { class: 'spots' });
  const facts = new Map((state.built?.facts ?? []).map((f) => [f.id, f]));
  const sources = new Map((state.built?.sources ?? []).map((s) => [s.n, s]));
  const events = new Map((state.built?.events ?? []).map((e) => [e.n, e]));
  info.spots.forEach((s, j) => {
    const fact = s.kind === 'fact' ? facts.get(s.id) : undefined;
    const event = s.kind === 'event' ? events.get(s.n) : undefined;
    const source = s.kind === 'source' ? sources.get(s.n) : undefined;
    const label = fact
      ? `${fact.text}: fact ${fact.id}${fact.unverified ? ', unverified' : ''}`
      : event
        ? `${event.when}: timeline event ${event.n}${event.unverified ? ', unverified' : ''}`
        : source
          ? `Source ${source.n}: ${source.publisher}, ${source.title}`
          : 'unknown';
    const b = el('button', {
      type: 'button',
      class: `spot${fact?.unverified || event?.unverified ? ' unverified' : ''}`,
      'aria-label': label,
      title: label,
      'data-spot': `${pageIndex + 1}:${j}`,
      ...(fact ? { 'data-fact': fact.id } : {}),
      ...(event ? { 'data-event': event.n } : {}),
      ...(source ? { 'data-source': source.n } : {}),
      onclick: (ev) => (fact ? showFact(fact, ev.currentTarget) : event ? showEvent(event, ev.currentTarget) : source ? showSource(source, ev.currentTarget) : undefined),
    });
    b.style.left = `${(s.x / info.width) * 100}%`;
    b.style.top = `${(s.y / info.height) * 100}%`;
    b.style.width = `${(s.w / info.width) * 100}%`;
    b.style.height = `${(s.h / info.height) * 100}%`;
    layer.append(b);
  });
  sheet.append(layer);
}

function showStatus() {
  const s = state;
  const parts = [];
  if (s.building) parts.push('Building…');
  else if (s.errors.length) parts.push(s.built ? 'Build failed: showing the last good pages' : 'Build failed');
  else if (s.built) parts.push(`Built at ${new Date(s.built.at).toLocaleTimeString()} in ${s.built.ms} ms · ${s.built.pages.length} ${s.built.pages.length === 1 ? 'page' : 'pages'}${s.built.edition ? ` · the next build is edition ${s.built.edition}` : ''}`);
  if (s.watching) parts.push(`· ${s.watching}`);
  $('status').textContent = $('status').title = parts.join(' ');
}

function showOverlay() {
  const box = $('overlay');
  const errors = state.errors;
  box.replaceChildren();
  if (!errors.length) {
    box.hidden = true;
    return;
  }
  const [first, ...rest] = errors;
  box.append(el('h2', { id: 'overlay-title', text: state.built ? 'This save does not build: the pages below are the last good build' : 'The brief does not build yet' }));
  box.append(problemNode(first));
  if (rest.length) {
    const more = el('details', {}, el('summary', { text: `${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'}` }));
    for (const p of rest) more.append(problemNode(p));
    box.append(more);
  }
  box.hidden = false;
}

function problemNode(p) {
  const node = el('div', { class: 'problem' });
  if (p.where) node.append(el('p', { class: 'where', text: p.where }));
  node.append(el('p', { class: 'reason', text: `${p.severity}: ${p.reason}` }));
  if (p.hint) node.append(el('p', { class: 'hint', text: `hint: ${p.hint}` }));
  if (p.excerpt.length) {
    const lines = el('div', { class: 'excerpt', role: 'region', tabindex: '0', 'aria-label': `Lines around ${p.where}` });
    for (const l of p.excerpt) {
      lines.append(el('div', { class: l.here ? 'here' : undefined }, el('span', { class: 'n', text: String(l.line) }), l.text));
      if (l.here && p.caret) lines.append(el('div', { class: 'caret', 'aria-hidden': 'true' }, el('span', { class: 'n' }), `${' '.repeat(Math.max(0, p.caret - 1))}^`));
    }
    node.append(lines);
  }
  return node;
}

function showWarnings() {
  const list = $('warning-list');
  const toggle = $('warnings-toggle');
  list.replaceChildren(...state.warnings.map((w) => el('li', { text: w.text })));
  const n = state.warnings.length;
  toggle.hidden = !n;
  toggle.textContent = `${n} ${n === 1 ? 'warning' : 'warnings'}`;
  if (!n) $('warnings').hidden = true;
  toggle.setAttribute('aria-expanded', String(!$('warnings').hidden));
}

$('warnings-toggle').addEventListener('click', () => {
  const w = $('warnings');
  w.hidden = !w.hidden;
  $('warnings-toggle').setAttribute('aria-expanded', String(!w.hidden));
  if (!w.hidden) $('warnings-title').setAttribute('tabindex', '-1'), $('warnings-title').focus();
});

function showFacts(built) {
  const sources = new Map(built.sources.map((s) => [s.n, s]));
  $('fact-list').replaceChildren(
    ...built.facts.map((f) => {
      const src = sources.get(f.source);
      const uses = f.uses.length ? `printed ${f.uses.length}× on ${[...new Set(f.uses.map((u) => `p. ${u.page}`))].join(', ')}` : 'not printed';
      return el(
        'li',
        {},
        el(
          'button',
          { type: 'button', 'data-fact': f.id, onclick: (ev) => showFact(f, ev.currentTarget) },
          el('span', { class: 'value', text: f.text }),
          f.unverified ? el('span', { class: 'badge unverified', text: 'unverified' }) : null,
          f.disputed ? el('span', { class: 'badge disputed', text: 'disputed' }) : null,
          f.uses.length ? null : el('span', { class: 'badge unused', text: 'unused' }),
          el('span', { class: 'id', text: f.id }),
          el('span', { class: 'uses', text: `${uses} · source ${f.source}${src ? ` (${src.publisher})` : ''}` }),
        ),
      );
    }),
  );
}

function openDetail(title, opened, ...content) {
  const d = $('detail');
  opener = opened ?? null;
  document.querySelectorAll('.spot.current').forEach((s) => s.classList.remove('current'));
  d.replaceChildren(el('h2', { id: 'detail-title', tabindex: '-1', text: title }), ...content, el('div', { class: 'actions' }, el('button', { type: 'button', text: 'Close (Esc)', onclick: closeDetail })));
  d.hidden = false;
  $('detail-title').focus();
}

function closeDetail() {
  const d = $('detail');
  if (d.hidden) return;
  d.hidden = true;
  document.querySelectorAll('.spot.current').forEach((s) => s.classList.remove('current'));
  if (opener && document.contains(opener)) opener.focus();
  opener = null;
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closeDetail();
});

/** The source's text with each [from, to) stretch marked. */
function sourceText(source, marks) {
  const box = el('div', { class: 'source-text', tabindex: '0', role: 'region', 'aria-label': `Text of source ${source.n}` });
  let at = 0;
  for (const m of [...marks].filter((m) => m.from >= 0).sort((a, b) => a.from - b.from)) {
    if (m.from < at) continue;
    box.append(source.text.slice(at, m.from), el('mark', { text: source.text.slice(m.from, m.to) }));
    at = m.to;
  }
  box.append(source.text.slice(at));
  return box;
}

function showFact(fact, from) {
  const source = state.built.sources.find((s) => s.n === fact.source);
  const quotes = fact.quotes;
  const rows = [
    ['Fact', fact.id],
    ['Value', fact.text],
    ['As of', fact.asOf],
    ['Source', source ? `${source.n}. ${source.publisher}, “${source.title}”, ${source.date}` : `source ${fact.source}`],
    ['Status', fact.unverified ? 'unverified: its quote or figure is not in the source' : fact.disputed ? 'disputed: the sources disagree' : 'verified against its quote'],
  ];
  const uses = el('div', { class: 'actions' }, ...fact.uses.map((u, k) => el('button', { type: 'button', text: `Show use ${k + 1} (page ${u.page})`, onclick: () => focusSpot(u) })));
  openDetail(
    fact.text,
    from,
    el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
    el('h3', { class: 'visually-hidden', text: 'Quoted in the source' }),
    ...quotes.map((q) => el('blockquote', { class: 'quote' }, el('mark', { text: q.text }), q.from < 0 ? ' (not found in the source text)' : '')),
    fact.uses.length ? uses : el('p', { text: 'Not printed in the brief.' }),
    source ? sourceText(source, quotes) : null,
  );
  document.querySelectorAll(`.spot[data-fact="${CSS.escape(fact.id)}"]`).forEach((s) => s.classList.add('current'));
  scrollToQuote();
}

function showEvent(event, from) {
  const source = state.built.sources.find((s) => s.n === event.source);
  openDetail(
    `${event.when}: ${event.text}`,
    from,
    el(
      'dl',
      {},
      ...[
        ['Event', `timeline event ${event.n}`],
        ['Date', event.at],
        ['Source', source ? `${source.n}. ${source.publisher}, “${source.title}”, ${source.date}` : `source ${event.source}`],
        ['Status', event.unverified ? 'unverified: its quote or date is not in the source' : 'verified against its quote'],
      ].flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
    ),
    ...event.quotes.map((q) => el('blockquote', { class: 'quote' }, el('mark', { text: q.text }), q.from < 0 ? ' (not found in the source text)' : '')),
    source ? sourceText(source, event.quotes) : null,
  );
  from?.classList.add('current');
  scrollToQuote();
}

/** The first quote in view inside the source's own box, without moving the page. */
function scrollToQuote() {
  const box = $('detail').querySelector('.source-text');
  const mark = box?.querySelector('mark');
  if (box && mark) box.scrollTop = mark.offsetTop - 24;
}

function showSource(source, from) {
  const facts = state.built.facts.filter((f) => f.source === source.n);
  openDetail(
    `Source ${source.n}: ${source.publisher}`,
    from,
    el(
      'dl',
      {},
      ...[
        ['Title', source.title],
        ['Date', source.date],
        ['Address', source.url ?? '—'],
        ['Facts', facts.map((f) => f.id).join(', ') || 'none'],
      ].flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
    ),
    sourceText(source, facts.flatMap((f) => f.quotes)),
  );
}

function focusSpot(use) {
  const spot = document.querySelector(`.spot[data-spot="${use.page}:${use.spot}"]`);
  if (!spot) return;
  spot.scrollIntoView({ block: 'center' });
  spot.focus();
}

/** A new zoom draws every page again, keeping the same place of the brief in view. */
$('zoom').addEventListener('change', () => {
  zoom = $('zoom').value;
  localStorage.setItem('briefpress.zoom', zoom);
  const through = document.documentElement.scrollHeight ? scrollY / document.documentElement.scrollHeight : 0;
  shown = { built: 0, hashes: [] };
  update().then(() => scrollTo(0, through * document.documentElement.scrollHeight));
});

let resized;
addEventListener('resize', () => {
  if (zoom !== 'fit') return;
  clearTimeout(resized);
  resized = setTimeout(() => {
    shown = { built: 0, hashes: [] };
    update();
  }, 150);
});

const events = new EventSource(url('/events'));
events.onmessage = (e) => {
  window.__preview.event = performance.timeOrigin + performance.now();
  const m = JSON.parse(e.data);
  if (m.building) $('status').textContent = 'Building…';
  if (m.version !== window.__preview.version || !state) update();
};
events.onerror = () => {
  $('status').textContent = 'Reconnecting to briefpress preview…';
};
update();
