// The roomz-hook inspector page. No build step, no dependency, nothing loaded from
// elsewhere. Every piece of request data (headers, bodies, paths, ids, problems) is put
// into the page as text nodes (append/textContent), never as HTML.
'use strict';

(() => {
  const TOKEN = document.querySelector('meta[name="roomz-hook-token"]').content;
  const PAGE = 200;          // requests per page of the list
  const MAX_ROWS = 2000;     // rows kept in the page; older ones can be loaded again
  const $ = (id) => document.getElementById(id);

  const state = {
    records: new Map(),      // key -> record (newest first in `order`)
    order: [],
    selected: null,          // key of the highlighted row
    opened: null,            // key shown in the detail pane
    ticked: [],              // keys ticked for the diff (at most two)
    oldest: null,            // the lowest seq loaded, for "load older"
    exhausted: false,
    info: {},
    notes: new Map(),        // key -> {forwarded, resent}
    pending: [],             // streamed records not drawn yet
    liveCounter: 0,
    loading: false,
  };

  // --- small helpers -------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const keyOf = (r) => (r.seq != null ? 's' + r.seq : r._live);
  const seqOf = (key) => (key && key[0] === 's' ? Number(key.slice(1)) : null);

  function localTime(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
  }

  function decodeBase64(text) {
    const bin = atob(text || '');
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  const strict = new TextDecoder('utf-8', { fatal: true });
  // The exact text of `bytes`; a byte that is not part of valid UTF-8 shows as \xNN
  // (marked, so that it cannot be taken for the four characters).
  function bytesNode(bytes) {
    const out = document.createDocumentFragment();
    try {
      out.append(document.createTextNode(strict.decode(bytes)));
      return out;
    } catch (_) { /* some bytes are not UTF-8: go sequence by sequence */ }
    let text = '';
    const flush = () => { if (text) { out.append(document.createTextNode(text)); text = ''; } };
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (n > 0 && i + n <= bytes.length) {
        try { text += strict.decode(bytes.subarray(i, i + n)); i += n; continue; } catch (_) { /* invalid */ }
      }
      flush();
      out.append(el('span', { class: 'esc', title: 'a byte that is not UTF-8' }, '\\x' + b.toString(16).padStart(2, '0')));
      i += 1;
    }
    flush();
    return out;
  }

  // Pretty JSON with highlighting: spans holding text, built node by node.
  function jsonNode(value, indent = '') {
    const frag = document.createDocumentFragment();
    const span = (cls, text) => el('span', { class: cls }, text);
    if (value === null) frag.append(span('j-b', 'null'));
    else if (typeof value === 'boolean') frag.append(span('j-b', String(value)));
    else if (typeof value === 'number') frag.append(span('j-n', String(value)));
    else if (typeof value === 'string') frag.append(span('j-s', JSON.stringify(value)));
    else if (Array.isArray(value)) {
      if (value.length === 0) { frag.append(span('j-p', '[]')); return frag; }
      frag.append(span('j-p', '['), '\n');
      value.forEach((item, i) => {
        frag.append(indent + '  ', jsonNode(item, indent + '  '), i < value.length - 1 ? ',\n' : '\n');
      });
      frag.append(indent, span('j-p', ']'));
    } else {
      const keys = Object.keys(value);
      if (keys.length === 0) { frag.append(span('j-p', '{}')); return frag; }
      frag.append(span('j-p', '{'), '\n');
      keys.forEach((k, i) => {
        frag.append(indent + '  ', span('j-k', JSON.stringify(k)), ': ', jsonNode(value[k], indent + '  '),
          i < keys.length - 1 ? ',\n' : '\n');
      });
      frag.append(indent, span('j-p', '}'));
    }
    return frag;
  }

  async function getJson(url, options) {
    const answer = await fetch(url, options);
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(body.error || `${answer.status} ${answer.statusText}`);
    return body;
  }

  // --- the list ------------------------------------------------------------------
  function warningsOf(r) { return Array.isArray(r.warnings) ? r.warnings : []; }

  function matches(r) {
    const type = $('filter-type').value;
    const verdict = $('filter-verdict').value;
    const text = $('filter-text').value.trim().toLowerCase();
    if (type && r.event_type !== type) return false;
    if (verdict && r.signature !== verdict) return false;
    if (!text) return true;
    const hay = [r.path, r.method, r.event_id, r.event_type, r.signature, String(r.status),
      ...(r.problems || []), ...warningsOf(r), r.body || ''].join('\n').toLowerCase();
    return hay.includes(text);
  }

  function notesNode(key, r) {
    const cell = el('td');
    const notes = state.notes.get(key) || {};
    if (r.duplicate) cell.append(el('span', { class: 'note dup', title: 'an id seen before' }, 'duplicate'));
    const problems = (r.problems || []).length;
    const warnings = warningsOf(r).length;
    if (problems) cell.append(el('span', { class: 'note prob', title: (r.problems || []).join('\n') }, `${problems} problem${problems > 1 ? 's' : ''}`));
    if (warnings) cell.append(el('span', { class: 'note warn', title: warningsOf(r).join('\n') }, `${warnings} warning${warnings > 1 ? 's' : ''}`));
    const forwarded = notes.forwarded || (r.forward_status != null ? { status: r.forward_status } : null);
    if (forwarded) cell.append(el('span', { class: 'note fwd' }, `forwarded → ${forwarded.status ?? 'error'}`));
    if (notes.resent) cell.append(el('span', { class: 'note fwd resent' }, `resent → ${notes.resent.status ?? 'error'}`));
    return cell;
  }

  function rowNode(key, r) {
    const ok = r.status >= 200 && r.status < 300;
    const tick = el('input', { type: 'checkbox', 'aria-label': 'tick for diff', checked: state.ticked.includes(key) });
    tick.addEventListener('click', (e) => { e.stopPropagation(); toggleTick(key); });
    const tr = el('tr', { class: 'row', 'data-key': key, 'data-seq': r.seq },
      el('td', {}, tick),
      el('td', { title: r.received_at }, localTime(r.received_at)),
      el('td', {}, r.method),
      el('td', { title: r.path }, r.path),
      el('td', { class: ok ? 'st-ok' : 'st-bad' }, r.status),
      el('td', {}, el('span', { class: `badge sig-${r.signature}` }, r.signature)),
      el('td', { class: 'type' }, r.event_type || '—'),
      el('td', { title: r.event_id || '' }, r.event_id ? r.event_id.slice(0, 8) : '—'),
      notesNode(key, r));
    if (key === state.selected) tr.classList.add('selected');
    tr.addEventListener('click', () => { select(key); open(key); });
    return tr;
  }

  function redraw() {
    const body = $('rows');
    const rows = [];
    let shown = 0;
    for (const key of state.order) {
      const r = state.records.get(key);
      if (!matches(r)) continue;
      rows.push(rowNode(key, r));
      shown++;
    }
    body.replaceChildren(...rows);
    countLine(shown);
  }

  function countLine(shown) {
    const total = state.order.length;
    $('count').textContent = shown === total ? `${total} shown` : `${shown} of ${total} shown`;
    $('empty').hidden = total > 0;
    $('more-button').hidden = state.exhausted || state.oldest == null;
  }

  function updateRow(key) {
    const old = document.querySelector(`tr.row[data-key="${CSS.escape(key)}"]`);
    const r = state.records.get(key);
    if (old && r) old.replaceWith(rowNode(key, r));
  }

  function rememberType(type) {
    if (!type) return;
    const select = $('filter-type');
    if ([...select.options].some((o) => o.value === type)) return;
    select.append(el('option', { value: type }, type));
  }

  function keep(record) {
    const key = keyOf(record);
    state.records.set(key, record);
    rememberType(record.event_type);
    return key;
  }

  function sortOrder() {
    // Streamed requests without a row number (--no-store) stay on top in arrival order.
    state.order.sort((a, b) => {
      const sa = seqOf(a), sb = seqOf(b);
      if (sa == null || sb == null) return (sa == null ? -1 : 0) - (sb == null ? -1 : 0);
      return sb - sa;
    });
  }

  function trim() {
    while (state.order.length > MAX_ROWS) {
      const key = state.order.pop();
      state.records.delete(key);
      state.exhausted = false;
      const seq = seqOf(key);
      if (seq != null) state.oldest = seq;
    }
  }

  async function loadPage(before) {
    if (state.loading || !state.info.store) return;
    state.loading = true;
    try {
      const url = `/_/api/requests?limit=${PAGE}` + (before != null ? `&before=${before}` : '');
      const { requests } = await getJson(url);
      for (const r of requests) {
        const key = keyOf(r);
        if (!state.records.has(key)) state.order.push(key);
        keep(r);
      }
      if (requests.length) state.oldest = requests[requests.length - 1].seq;
      state.exhausted = requests.length < PAGE;
      sortOrder();
      redraw();
    } catch (e) {
      $('empty').hidden = false;
      $('empty').textContent = `Could not load the list: ${e.message}`;
    } finally {
      state.loading = false;
    }
  }

  async function reload() {
    state.records.clear();
    state.order = [];
    state.oldest = null;
    state.exhausted = false;
    await loadPage(null);
  }

  // Streamed records are drawn once per frame, however fast they come.
  function streamed(record) {
    if (state.info.store && record.seq != null) { delete record.body_base64; delete record.body; }
    if (record.seq == null) record._live = 'l' + (++state.liveCounter);
    state.pending.push(record);
    if (state.pending.length === 1) requestAnimationFrame(drawPending);
  }

  function drawPending() {
    const batch = state.pending.splice(0);
    const body = $('rows');
    const fresh = [];
    for (const r of batch) {
      const key = keyOf(r);
      const known = state.records.has(key);
      keep(r);
      if (known) { updateRow(key); continue; }
      state.order.unshift(key);
      if (matches(r)) {
        const tr = rowNode(key, r);
        tr.classList.add('fresh');
        fresh.push(tr);
      }
    }
    body.prepend(...fresh.reverse());
    trim();
    while (body.rows.length > state.order.length) body.lastElementChild.remove();
    countLine(body.rows.length);
  }

  function visibleKeys() {
    return [...document.querySelectorAll('#rows tr.row')].map((tr) => tr.dataset.key);
  }

  function select(key) {
    state.selected = key;
    for (const tr of document.querySelectorAll('#rows tr.row.selected')) tr.classList.remove('selected');
    const tr = document.querySelector(`tr.row[data-key="${CSS.escape(key)}"]`);
    if (tr) { tr.classList.add('selected'); tr.scrollIntoView({ block: 'nearest' }); }
  }

  function toggleTick(key) {
    const at = state.ticked.indexOf(key);
    if (at >= 0) state.ticked.splice(at, 1);
    else { state.ticked.push(key); if (state.ticked.length > 2) state.ticked.shift(); }
    for (const tr of document.querySelectorAll('#rows tr.row')) {
      tr.querySelector('input[type=checkbox]').checked = state.ticked.includes(tr.dataset.key);
    }
    $('diff-button').disabled = state.ticked.length !== 2;
  }

  // --- the detail view -----------------------------------------------------------
  async function full(key) {
    const seq = seqOf(key);
    if (seq == null || !state.info.store) return state.records.get(key);
    return getJson(`/_/api/requests/${seq}`);
  }

  function section(title, ...content) {
    return [el('h3', {}, title), ...content];
  }

  async function open(key) {
    state.opened = key;
    const pane = $('detail-pane');
    let r;
    try {
      r = await full(key);
    } catch (e) {
      pane.replaceChildren(el('p', { class: 'st-bad' }, `Could not load the request: ${e.message}`));
      return;
    }
    if (state.opened !== key || !r) return;
    const bytes = decodeBase64(r.body_base64);
    const v = r.verification;
    const verdict = el('div', { class: 'verdict', id: 'verdict' },
      el('span', { class: `badge sig-${r.signature}` }, `signature ${r.signature}`),
      v && v.header ? el('span', { class: 'dim' }, ` (${v.header}${v.algorithm ? ', ' + v.algorithm : ''})`) : null,
      v && v.hint ? el('span', { class: 'hint', id: 'hint' }, `hint: ${v.hint}`) : null,
      r.signature === 'unchecked' ? el('span', { class: 'hint dim' }, 'not checked: the listener runs with --no-verify') : null);

    const problems = el('ul', { class: 'problems', id: 'problems' },
      (r.problems || []).map((p) => el('li', { class: 'problem' }, p)),
      warningsOf(r).map((w) => el('li', { class: 'warning' }, `warning: ${w}`)));
    if (!problems.children.length) problems.append(el('li', { class: 'dim' }, 'none'));

    const headers = el('table', { id: 'headers' },
      Object.entries(r.headers || {}).map(([name, value]) => el('tr', {}, el('th', {}, name), el('td', {}, value))));

    let parsed;
    let pretty = null;
    try { parsed = JSON.parse(strict.decode(bytes)); pretty = el('pre', { id: 'pretty' }, jsonNode(parsed)); } catch (_) { /* not JSON */ }

    const notes = state.notes.get(key) || {};
    const extra = [];
    const forwarded = notes.forwarded || (r.forward_status != null ? { status: r.forward_status } : null);
    if (forwarded) {
      extra.push(...section('Forwarded', el('p', { id: 'forwarded' },
        `${forwarded.url ? forwarded.url + ' answered ' : 'answered '}${forwarded.status ?? ''}`,
        forwarded.error ? ` error: ${forwarded.error}` : '',
        forwarded.latency_ms != null ? ` in ${forwarded.latency_ms} ms` : '')));
    }
    if (r.details) extra.push(...section('Fetched from the API', el('pre', { id: 'details' }, jsonNode(r.details))));

    const seq = seqOf(key);
    const actions = [];
    if (seq != null && state.info.store) {
      const curlOut = el('pre', { id: 'curl', hidden: true });
      const copy = el('button', { type: 'button', id: 'copy-curl' }, 'Copy as curl (signed)');
      copy.addEventListener('click', async () => {
        try {
          const text = await (await fetch(`/_/api/requests/${seq}/capture?format=curl`)).text();
          curlOut.textContent = text;
          curlOut.hidden = false;
          await navigator.clipboard.writeText(text).then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Shown below'; });
        } catch (e) { curlOut.textContent = `Could not make the command: ${e.message}`; curlOut.hidden = false; }
      });
      const link = (format, label) => el('a', { href: `/_/api/requests/${seq}/capture?format=${format}`, download: `request-${seq}.${format}` }, label);
      const target = el('input', { type: 'url', id: 'resend-url', 'aria-label': 'Resend to URL',
        placeholder: state.info.forward_to ? `${state.info.forward_to} (--forward-to)` : 'http://127.0.0.1:3000/webhook' });
      const result = el('div', { class: 'result', id: 'resend-result' });
      const resend = el('button', { type: 'button', id: 'resend' }, 'Resend');
      resend.addEventListener('click', () => resendTo(seq, key, target.value.trim(), result, resend));
      actions.push(...section('Actions',
        el('div', { class: 'actions' }, copy, 'download as', link('http', 'raw HTTP'), link('json', 'JSON'), link('har', 'HAR')),
        curlOut,
        el('div', { class: 'actions' }, target, resend), result));
    }

    pane.replaceChildren(
      el('h2', {}, `${seq != null ? '#' + seq + ' ' : ''}${r.method} ${r.path} → ${r.status}`),
      el('p', { class: 'dim' }, `${r.received_at} · ${r.event_type || 'no type'} · ${r.event_id || 'no id'}${r.duplicate ? ' · duplicate' : ''}`),
      verdict,
      ...section('Problems and warnings', problems),
      ...extra,
      ...actions,
      ...section('Headers', headers),
      ...(pretty ? section('Body (JSON)', pretty) : []),
      ...section(`Body (raw, ${bytes.length} bytes)`, el('pre', { id: 'raw' }, bytesNode(bytes))));
  }

  async function resendTo(seq, key, url, result, button) {
    button.disabled = true;
    result.replaceChildren('sending…');
    try {
      const answer = await getJson(`/_/api/requests/${seq}/resend`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Roomz-Hook-Token': TOKEN },
        body: JSON.stringify(url ? { url } : {}),
      });
      showResent(key, answer);
      result.replaceChildren(el('span', { class: answer.delivered ? 'st-ok' : 'st-bad' },
        `${answer.url}: ${answer.status ?? 'no answer'}${answer.error ? ' (' + answer.error + ')' : ''}` +
        (answer.latency_ms != null ? ` in ${answer.latency_ms} ms` : '')));
    } catch (e) {
      result.replaceChildren(el('span', { class: 'st-bad' }, `Resend failed: ${e.message}`));
    } finally {
      button.disabled = false;
    }
  }

  function showResent(key, answer) {
    const notes = state.notes.get(key) || {};
    notes.resent = answer;
    state.notes.set(key, notes);
    updateRow(key);
  }

  // --- the diff ------------------------------------------------------------------
  function diffJson(a, b, path, out) {
    const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        const p = path ? `${path}.${k}` : k;
        if (!(k in a)) out.push({ path: p, kind: 'added', b: b[k] });
        else if (!(k in b)) out.push({ path: p, kind: 'removed', a: a[k] });
        else diffJson(a[k], b[k], p, out);
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const p = `${path}[${i}]`;
        if (i >= a.length) out.push({ path: p, kind: 'added', b: b[i] });
        else if (i >= b.length) out.push({ path: p, kind: 'removed', a: a[i] });
        else diffJson(a[i], b[i], p, out);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push({ path: path || '(the whole body)', kind: 'changed', a, b });
    }
    return out;
  }

  async function showDiff() {
    const [ka, kb] = state.ticked;
    const pane = $('detail-pane');
    let a, b;
    try { [a, b] = await Promise.all([full(ka), full(kb)]); } catch (e) {
      pane.replaceChildren(el('p', { class: 'st-bad' }, `Could not load the requests: ${e.message}`));
      return;
    }
    state.opened = null;
    const name = (r, k) => (r.seq != null ? `#${r.seq}` : k);
    const text = (r) => { try { return strict.decode(decodeBase64(r.body_base64)); } catch (_) { return null; } };
    const ta = text(a), tb = text(b);
    let ja, jb, json = true;
    try { ja = JSON.parse(ta); jb = JSON.parse(tb); } catch (_) { json = false; }
    const show = (v) => (v === undefined ? '' : JSON.stringify(v));
    let rows;
    if (json) {
      rows = diffJson(ja, jb, '', []).map((d) => el('tr', { class: `diff-${d.kind}` },
        el('td', {}, d.path), el('td', {}, d.kind), el('td', {}, show(d.a)), el('td', {}, show(d.b))));
    } else {
      const la = (ta ?? '').split('\n'), lb = (tb ?? '').split('\n');
      rows = [];
      for (let i = 0; i < Math.max(la.length, lb.length); i++) {
        if (la[i] !== lb[i]) rows.push(el('tr', { class: 'diff-changed' }, el('td', {}, `line ${i + 1}`), el('td', {}, 'changed'), el('td', {}, la[i] ?? ''), el('td', {}, lb[i] ?? '')));
      }
    }
    pane.replaceChildren(
      el('h2', {}, `Diff of ${name(a, ka)} and ${name(b, kb)}`),
      el('p', { class: 'dim' }, json ? 'JSON bodies compared by field (key order ignored).' : 'Not both JSON: compared line by line.'),
      rows.length
        ? el('table', { id: 'diff' }, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'change'), el('th', {}, name(a, ka)), el('th', {}, name(b, kb))), rows)
        : el('p', { id: 'diff-same' }, 'The bodies are the same.'));
  }

  // --- keys, filters, stream -------------------------------------------------------
  function move(step) {
    const keys = visibleKeys();
    if (!keys.length) return;
    const at = keys.indexOf(state.selected);
    const next = at < 0 ? 0 : Math.min(keys.length - 1, Math.max(0, at + step));
    select(keys[next]);
  }

  document.addEventListener('keydown', (e) => {
    const typing = e.target.closest && e.target.closest('input, select, textarea');
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'j') { move(1); e.preventDefault(); }
    else if (e.key === 'k') { move(-1); e.preventDefault(); }
    else if (e.key === 'Enter' && state.selected) { open(state.selected); e.preventDefault(); }
    else if (e.key === 'x' && state.selected) { toggleTick(state.selected); e.preventDefault(); }
  });

  for (const id of ['filter-text', 'filter-type', 'filter-verdict']) {
    $(id).addEventListener('input', redraw);
    $(id).addEventListener('change', redraw);
  }
  $('diff-button').addEventListener('click', showDiff);
  $('more-button').addEventListener('click', () => loadPage(state.oldest));
  // More rows load as the list is scrolled to its end.
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && !state.exhausted && state.oldest != null) loadPage(state.oldest);
  }, { root: $('list-pane') }).observe($('more'));

  function connect() {
    const live = $('live');
    const stream = new EventSource('/_/api/stream');
    let connectedOnce = false;
    stream.addEventListener('open', () => {
      live.className = 'live on';
      live.textContent = 'live';
      // The list is (re)loaded once the stream is open, so nothing falls in between.
      if (!connectedOnce) { connectedOnce = true; reload(); } else reload();
    });
    stream.addEventListener('error', () => { live.className = 'live off'; live.textContent = 'reconnecting…'; });
    stream.addEventListener('request', (e) => streamed(JSON.parse(e.data)));
    stream.addEventListener('lagged', () => reload());
    stream.addEventListener('forwarded', (e) => {
      const f = JSON.parse(e.data);
      if (f.seq == null) return;
      const key = 's' + f.seq;
      const notes = state.notes.get(key) || {};
      notes.forwarded = f;
      state.notes.set(key, notes);
      updateRow(key);
    });
    stream.addEventListener('resent', (e) => {
      const answer = JSON.parse(e.data);
      showResent('s' + answer.seq, answer);
    });
  }

  getJson('/_/api/info').then((info) => {
    state.info = info;
    $('empty').textContent = `No requests yet. Send one to ${info.webhook_url}, e.g. with: roomz-hook trigger workspace.presence.changed`;
  }).catch(() => {}).finally(connect);
})();
