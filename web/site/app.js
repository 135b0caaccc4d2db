// The page: UI, camera and service worker. It never touches a WASM module; worker.js does.
import { kUiText, pickLanguage } from './i18n.js';
import { startCamera } from './camera.js';

const $ = (id) => document.getElementById(id);
const kIcons = { genuine: '✓', warning: '!', invalid: '✗', foreign: '?', no_code: '∅', pending: '…' };
const kTokenLength = 131;  // FORMAT.md §3.2

const state = {
  lang: pickLanguage(localStorage.getItem('lang'), navigator.languages),
  messages: null,      // core catalog per language
  trust: null,         // current trust list info (issued_at, expires_at, sequence, label_prefix)
  trustStatus: null,
  status: [],          // status snapshots in use or refused (worker loadStatus)
  shown: null,         // last worker results shown, re-rendered on language switch
  camera: null,
};
const ui = () => kUiText[state.lang];

// ---- Worker plumbing: one request per id, answers in order. --------------------------------
const worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = ({ data }) => {
  const p = pending.get(data.id);
  pending.delete(data.id);
  if (data.ok) p.resolve(data); else p.reject(new Error(data.error));
};
function call(op, payload = {}, transfer = []) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...payload }, transfer);
  });
}

// ---- Rendering ----------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const t = ui()[el.dataset.i18n];
    if (typeof t === 'string') el.textContent = t;
  }
  for (const el of document.querySelectorAll('[data-i18n-aria]')) {
    el.setAttribute('aria-label', ui()[el.dataset.i18nAria]);
  }
  $('lang').textContent = ui().langSwitch;
  $('lang').lang = state.lang === 'en' ? 'zh-CN' : 'en';
  document.title = `TraceSeal · ${ui().title}`;
  renderTrust();
  if (state.shown) renderResults(state.shown, false);
  else setVerdict('pending', state.messages ? ui().ready : ui().loading);
}

function setVerdict(verdict, word) {
  const v = $('verdict');
  v.dataset.verdict = verdict;
  $('verdict-icon').textContent = kIcons[verdict] || '?';
  $('verdict-word').textContent = word;
}

function localName(names) {
  if (!names) return '';
  return state.lang === 'zh-CN' ? (names.zh || names.en) : (names.en || names.zh);
}

function fieldRows(a) {
  const f = a.fields;
  const L = ui().fields;
  if (!f) return a.text ? [[L.text, a.text]] : [];
  return [
    [L.category, localName(f.category_name) || String(f.category)],
    [L.operator, localName(f.operator_name) || String(f.operator)],
    [L.segment, String(f.segment)],
    [L.code_number, f.code_number],
    [L.issue_date, f.issue_date],
  ];
}

// The code's lifecycle state (FORMAT.md §9.5) in plain words, with the snapshot's date: only
// when status data covered the code's segment.
function stateLine(a) {
  const m = state.messages[state.lang];
  if (!a.status || !a.state) return '';
  return ui().stateIs(m.states[a.state] || a.state, a.status.issued_at.slice(0, 10));
}

function renderOne(a, container) {
  const m = state.messages[state.lang];
  const st = container.querySelector('.state');
  st.textContent = stateLine(a);
  st.hidden = !st.textContent;
  st.dataset.state = a.state || '';
  const reasons = container.querySelector('.reasons');
  reasons.replaceChildren(...a.reasons.map((r) => {
    const li = document.createElement('li');
    li.textContent = m.reasons[r] || r;
    li.dataset.reason = r;
    return li;
  }));
  const dl = container.querySelector('.fields');
  const rows = fieldRows(a);
  dl.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v;
    return [dt, dd];
  }));
  dl.hidden = rows.length === 0;
  // Fields of a code that failed verification are claims, never shown as facts. A code that is
  // invalid only by its lifecycle state (voided, superseded: FORMAT.md §9.5) is authentic; its
  // fields are said to be so, and why it may not be used is in the state line and reasons.
  const withdrawn = !a.verified && Boolean(a.state) && Boolean(a.status);
  const unverified = Boolean(a.fields) && !a.verified && !withdrawn;
  dl.classList.toggle('unverified', unverified);
  const note = container.querySelector('.claims-note');
  note.hidden = !unverified && !withdrawn;
  note.textContent = unverified ? ui().unverifiedClaims : (withdrawn ? ui().withdrawnCode : '');
  const reminder = container.querySelector('.reminder');
  const authentic = a.verdict === 'genuine' || a.verdict === 'warning';
  reminder.hidden = !authentic;
  reminder.textContent = authentic ? m.reminder : '';
}

function renderResults(results, announce) {
  state.shown = results;
  const m = state.messages[state.lang];
  const first = results[0].assessment;
  setVerdict(first.verdict, m.verdicts[first.verdict] || first.verdict);
  renderOne(first, $('result'));
  const more = $('more-results');
  more.replaceChildren();
  if (results.length > 1) {
    const h = document.createElement('p');
    h.textContent = ui().more(results.length - 1);
    more.append(h);
    for (const { assessment } of results.slice(1)) {
      const card = document.createElement('div');
      card.className = 'card';
      card.dataset.verdict = assessment.verdict;
      card.innerHTML = '<p class="card-verdict"></p><p class="state"></p><p class="reminder"></p>' +
                       '<ul class="reasons"></ul><p class="claims-note"></p><dl class="fields"></dl>';
      card.querySelector('.card-verdict').textContent =
          `${kIcons[assessment.verdict]} ${m.verdicts[assessment.verdict]}`;
      renderOne(assessment, card);
      more.append(card);
    }
  }
  if (announce) {
    const said = [m.verdicts[first.verdict], stateLine(first), ...first.reasons.map((r) => m.reasons[r])];
    if (first.verdict === 'genuine') said.push(m.reminder);
    $('live').textContent = said.join(' ');
    $('result').focus({ preventScroll: false });
  }
}

function renderTrust() {
  const el = $('trust');
  if (!state.trust) { el.textContent = state.messages ? ui().trustMissing : '…'; return; }
  const parts = [ui().trustAsOf(state.trust.issued_at.slice(0, 10)) + ui().trustSeq(state.trust.sequence)];
  if (state.trust.expired) parts.push(ui().trustExpired);
  if (state.trustStatus && state.trustStatus.state === 'refused') {
    parts.push(ui().trustRefused(state.trustStatus.reason));
  }
  const used = state.status.filter((s) => s.ok);
  if (used.length) {
    const oldest = used.map((s) => s.issued_at.slice(0, 10)).sort()[0];
    parts.push(ui().statusAsOf(oldest));
    if (used.some((s) => s.stale)) parts.push(ui().statusStale);
  }
  for (const s of state.status.filter((x) => !x.ok && x.reason !== 'offline')) {
    parts.push(ui().statusRefused(s.file, s.reason));
  }
  el.textContent = parts.join(' ');
  el.dataset.state = state.trustStatus ? state.trustStatus.state : '';
  el.dataset.statusSegments = used.map((s) => s.segment).join(',');
  el.dataset.issuedAt = state.trust.issued_at;
  el.dataset.sequence = state.trust.sequence;
}

// ---- Actions ------------------------------------------------------------------------------
async function verifyWith(op, payload) {
  setVerdict('pending', ui().working);
  try {
    renderResults((await call(op, payload)).results, true);
  } catch (e) {
    setVerdict('pending', state.trust ? String(e.message || e) : ui().trustMissing);
  }
}
const verifyText = (text) => verifyWith('text', { text });
const verifyPhoto = (file) => verifyWith('image', { blob: file });

// A code accepted from the camera only after it reads the same on consecutive frames.
async function scan() {
  if (state.camera) return;
  $('camera').hidden = false;
  $('camera-hint').textContent = ui().hint;
  try {
    state.camera = await startCamera($('video'), {
      decode: (bitmap) => call('frame', { bitmap }, [bitmap]),
      agree: 2,
      onAccepted: (results) => { stopScan(); renderResults(results, true); },
      onTorch: (available) => { $('torch').hidden = !available; },
    });
  } catch (e) {
    state.camera = null;
    $('camera-hint').textContent = ui().cameraError + (e.message || e.name);
  }
}

function stopScan() {
  if (state.camera) state.camera.stop();
  state.camera = null;
  $('camera').hidden = true;
  $('scan').focus();
}

// The code in the address: /?code=<text>, or a label URL whose last path segment is the token;
// the code text is rebuilt from the *trusted* prefix (FORMAT.md: a label URL is prefix || token).
function codeFromLocation() {
  const code = new URLSearchParams(location.search).get('code');
  if (code !== null) return code;
  const segs = location.pathname.split('/').filter(Boolean);
  const last = segs.length ? decodeURIComponent(segs[segs.length - 1]) : '';
  if (last.length === kTokenLength && state.trust) return state.trust.label_prefix + last.toUpperCase();
  return null;
}

async function main() {
  applyLanguage();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('lang', state.lang);
    applyLanguage();
  });
  $('scan').addEventListener('click', scan);
  $('stop').addEventListener('click', stopScan);
  $('switch').addEventListener('click', () => state.camera && state.camera.switchCamera());
  $('torch').addEventListener('click', () => state.camera && state.camera.toggleTorch());
  $('photo').addEventListener('change', (e) => {
    const file = e.target.files[0];
    if (file) verifyPhoto(file);
    e.target.value = '';
  });
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('paste').value.trim();
    if (text) verifyText(text);
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.camera) stopScan(); });

  const r = await call('init');
  state.messages = r.messages;
  state.trust = r.trust;
  state.trustStatus = r.trustStatus;
  state.status = r.status || [];
  for (const id of ['scan', 'photo', 'paste-submit']) $(id).disabled = false;
  document.body.dataset.ready = 'true';
  performance.mark('traceseal-ready');
  applyLanguage();
  window.addEventListener('online', async () => {
    const t = await call('refreshTrust');
    state.trust = t.trust;
    state.trustStatus = t.trustStatus;
    state.status = t.status || [];
    renderTrust();
  });
  const code = codeFromLocation();
  if (code !== null) await verifyText(code);
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: document.baseURI })
    .catch(() => {});
}
main().catch((e) => {
  setVerdict('pending', String(e.message || e));
  document.body.dataset.error = String(e.message || e);
});
