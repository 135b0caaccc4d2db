// @ts-check
// The page: UI, camera and service worker. It never touches a WASM module; worker.js does.
import { kUiText, pickLanguage, findingOf } from './i18n.js';
import { startCamera } from './camera.js';
import { call, initialized } from './boot.js';

/** @typedef {import('../bindings').Assessment} Assessment */
/** @typedef {import('../bindings').Messages} Messages */
/** @typedef {import('../bindings').TrustInfo} TrustInfo */
/** @typedef {{text: string, assessment: Assessment}} Result */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const kIcons = { genuine: '✓', warning: '!', invalid: '✗', foreign: '?', no_code: '∅', pending: '…' };
const kTokenLength = 131;  // FORMAT.md §3.2
// Worst first (issue 11): among our codes invalid, then warning, then genuine; a QR code that is
// not ours says nothing about the item and goes after them.
const kSeverity = { invalid: 0, warning: 1, genuine: 2, foreign: 3, no_code: 4 };

const state = {
  lang: pickLanguage(localStorage.getItem('lang'), navigator.languages),
  /** @type {Record<string, Messages> | null} */
  messages: null,
  /** @type {TrustInfo | null} */
  trust: null,
  /** @type {{state: string, reason?: string} | null} */
  trustStatus: null,
  /** @type {any[]} */
  status: [],
  /** @type {{results: Result[], at: Date} | null} */
  shown: null,          // last results shown, re-rendered on language switch
  /** @type {string[] | null} */
  shownTexts: null,     // what they came from, re-checked when fresher data arrives
  /** @type {{key: string, arg?: string, retry?: () => void} | null} */
  notice: null,         // a message in the result area instead of a verdict
  /** @type {Awaited<ReturnType<typeof startCamera>> | null} */
  camera: null,
  swRegistered: false,
  /** @type {string | null} */
  demoClock: null,      // a demo site's fixed clock (worker init, site-config.js), else null
};
const ui = () => kUiText[state.lang];
const catalog = () => /** @type {Messages} */ (/** @type {Record<string, Messages>} */ (state.messages)[state.lang]);

// ---- Worker plumbing: boot.js started the worker and its init before this module loaded. --
// ---- Rendering ----------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n]'))) {
    const t = ui()[/** @type {keyof typeof kUiText.en} */ (el.dataset.i18n)];
    if (typeof t === 'string') el.textContent = t;
  }
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-i18n-aria]'))) {
    el.setAttribute('aria-label', String(ui()[/** @type {keyof typeof kUiText.en} */ (el.dataset.i18nAria)]));
  }
  $('lang').textContent = ui().langSwitch;
  $('lang').lang = state.lang === 'en' ? 'zh-CN' : 'en';
  document.title = `TraceSeal · ${ui().title}`;
  $('demo-note').hidden = !state.demoClock;
  if (state.demoClock) $('demo-note').textContent = ui().demoClock(state.demoClock.slice(0, 10));
  renderTrust();
  if (state.shown) renderResults(state.shown.results, false, state.shown.at);
  else if (state.notice) showNotice(state.notice.key, state.notice.arg, state.notice.retry);
  else setPhase(state.messages ? 'idle' : 'loading');
}

/** Clears whatever verdict was on screen and shows a state without one (issue 11: stale verdicts). */
function setPhase(/** @type {'loading'|'idle'|'scanning'|'checking'|'notice'} */ phase, word = '') {
  const words = { loading: ui().loading, idle: ui().ready, scanning: ui().scanning, checking: ui().working };
  $('result').dataset.phase = phase;
  setVerdict('pending', word || words[/** @type {keyof typeof words} */ (phase)] || '');
  for (const id of ['next', 'state', 'claims-note', 'fields', 'reminder', 'checked-at', 'retry']) $(id).hidden = true;
  $('reasons').replaceChildren();
  $('more-results').replaceChildren();
  $('fields').replaceChildren();
}

function setVerdict(/** @type {string} */ verdict, /** @type {string} */ word) {
  const v = $('verdict');
  v.dataset.verdict = verdict;
  $('verdict-icon').textContent = kIcons[/** @type {keyof typeof kIcons} */ (verdict)] || '?';
  $('verdict-word').textContent = word;
}

/** A message that is not a verdict (link incomplete, not an image, network): says what to do. */
/**
 * @param {string} key
 * @param {string} [arg]
 * @param {() => void} [retry]
 */
function showNotice(key, arg, retry) {
  state.shown = null;
  state.notice = { key, arg, retry };
  setPhase('notice');
  const t = /** @type {any} */ (ui())[key];
  const text = typeof t === 'function' ? t(arg) : t;
  setVerdict('pending', text);
  $('verdict-icon').textContent = '!';
  $('result').dataset.notice = key;
  $('retry').hidden = !retry;
  $('live').textContent = text;
}

const localName = (/** @type {{en: string, zh: string} | undefined} */ names) =>
  !names ? '' : (state.lang === 'zh-CN' ? (names.zh || names.en) : (names.en || names.zh));

/** authentic / reminder: from the core when it says so (issue 9), else by the same rule. */
function authenticOf(/** @type {Assessment} */ a) {
  if (typeof a.authentic === 'boolean') return a.authentic;
  return a.verified === true || (Boolean(a.fields) && Boolean(a.status) && Boolean(a.state));
}
function reminderOf(/** @type {Assessment} */ a) {
  if (typeof a.reminder === 'boolean') return a.reminder;
  return authenticOf(a) && (a.verdict === 'genuine' || a.verdict === 'warning');
}

function fieldRows(/** @type {Assessment} */ a) {
  const f = a.fields;
  const L = ui().fields;
  if (a.code_number !== undefined) return [[L.code_number, a.code_number]];
  if (!f) return a.text ? [[L.text, a.text]] : [];
  // Names, never ids: a verified code has its names from the core; an authentic but withdrawn
  // one (voided, superseded) gets its operator's name from the trust list; claims get no names.
  const operator = localName(f.operator_name) ||
    (authenticOf(a) && state.trust ? localName(state.trust.operators[String(f.operator)]) : '');
  const rows = [];
  if (f.category_name) rows.push([L.category, localName(f.category_name)]);
  if (operator) rows.push([L.operator, operator]);
  rows.push([L.code_number, f.code_number], [L.issue_date, f.issue_date]);
  return rows;
}

function stateLine(/** @type {Assessment} */ a) {
  if (!a.status || !a.state) return '';
  const text = catalog().states[a.state] || a.state;
  const d = a.status.issued_at.slice(0, 10);
  return a.code_number !== undefined ? ui().numberStateIs(text, d) : ui().stateIs(text, d);
}

function renderOne(/** @type {Assessment} */ a, /** @type {HTMLElement} */ container) {
  const m = catalog();
  const finding = ui().findings[findingOf(a)];
  const q = (/** @type {string} */ sel) => /** @type {HTMLElement} */ (container.querySelector(sel));
  q('.next').textContent = finding.next;
  q('.next').hidden = false;
  q('.next').dataset.finding = findingOf(a);
  const st = q('.state');
  st.textContent = stateLine(a);
  st.hidden = !st.textContent;
  st.dataset.state = a.state || '';
  q('.reasons').replaceChildren(...a.reasons.map((r) => {
    const li = document.createElement('li');
    li.textContent = m.reasons[r] || r;
    li.dataset.reason = r;
    return li;
  }));
  const dl = q('.fields');
  const rows = fieldRows(a);
  dl.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v;
    return [dt, dd];
  }));
  dl.hidden = rows.length === 0;
  // Fields of a code that failed verification are claims, never shown as facts. A code that is
  // invalid only by its lifecycle state (voided, superseded: FORMAT.md §9.5) is authentic.
  const withdrawn = authenticOf(a) && a.verdict === 'invalid';
  const unverified = Boolean(a.fields) && !authenticOf(a);
  dl.classList.toggle('unverified', unverified);
  const note = q('.claims-note');
  note.textContent = unverified ? ui().unverifiedClaims : (withdrawn ? ui().withdrawnCode
                                                                     : (a.code_number !== undefined ? ui().numberOnly : ''));
  note.hidden = !note.textContent;
  const reminder = q('.reminder');
  reminder.hidden = !reminderOf(a);
  const [head, ...rest] = m.reminder.split(/[：:]\s*/);
  const strong = document.createElement('strong');
  strong.textContent = head;
  const body = rest.join(state.lang === 'zh-CN' ? '：' : ': ');
  reminder.replaceChildren(strong, body.charAt(0).toUpperCase() + body.slice(1));
}

function formatTime(/** @type {Date} */ d) {
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

// The time a verdict is made at: the device's, or a demo site's fixed clock (the worker's now).
const checkTime = () => (state.demoClock ? new Date(state.demoClock) : new Date());

function renderResults(/** @type {Result[]} */ results, /** @type {boolean} */ announce, at = checkTime()) {
  results = [...results].sort((x, y) => kSeverity[x.assessment.verdict] - kSeverity[y.assessment.verdict]);
  state.shown = { results, at };
  state.notice = null;
  delete $('result').dataset.notice;
  $('result').dataset.phase = 'result';
  const first = results[0].assessment;
  const headline = ui().findings[findingOf(first)].headline;
  setVerdict(first.verdict, headline);
  $('verdict').dataset.finding = findingOf(first);
  renderOne(first, $('result'));
  $('checked-at').textContent = ui().checkedAt(formatTime(at));
  $('checked-at').hidden = false;
  $('retry').hidden = true;
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
      card.innerHTML = '<p class="card-verdict"></p><p class="next"></p><p class="state"></p>' +
                       '<ul class="reasons"></ul><p class="claims-note"></p><dl class="fields"></dl>' +
                       '<aside class="reminder"></aside>';
      /** @type {HTMLElement} */ (card.querySelector('.card-verdict')).textContent =
          `${kIcons[assessment.verdict]} ${ui().findings[findingOf(assessment)].headline}`;
      renderOne(assessment, card);
      more.append(card);
    }
  }
  if (announce) {
    const said = [headline, ui().findings[findingOf(first)].next, stateLine(first),
                  ...first.reasons.map((r) => catalog().reasons[r])];
    if (reminderOf(first)) said.push(catalog().reminder);
    $('live').textContent = said.filter(Boolean).join(' ');
    $('result').focus({ preventScroll: false });
  }
  if (performance.getEntriesByName('traceseal-verdict').length === 0) performance.mark('traceseal-verdict');
  registerServiceWorker();  // after the first verdict: its cache fills from the HTTP cache
}

function renderTrust() {
  const el = $('trust');
  if (!state.trust) { el.textContent = '…'; return; }
  let line = ui().dataAsOf(state.trust.issued_at.slice(0, 10));
  const used = state.status.filter((s) => s.ok);
  if (used.length) line += ui().statusAsOf(used.map((s) => s.issued_at.slice(0, 10)).sort()[0]);
  const parts = [line + (state.lang === 'zh-CN' ? '。' : '.')];
  if (state.trust.expired) parts.push(ui().dataExpired);
  if (used.some((s) => s.stale)) parts.push(ui().statusStale);
  el.textContent = parts.join(state.lang === 'zh-CN' ? '' : ' ');  // no space between Chinese sentences
  el.dataset.state = state.trustStatus ? state.trustStatus.state : '';
  el.dataset.statusSegments = used.map((s) => s.segment).join(',');
  el.dataset.issuedAt = state.trust.issued_at;
  el.dataset.sequence = String(state.trust.sequence);
  renderNetwork();
}

/** The background refresh's outcome, in words, with a retry; never a raw "Failed to fetch". */
function renderNetwork() {
  const t = state.trustStatus;
  const net = $('network');
  const why = (/** @type {string | undefined} */ r) => {
    const w = ui().why;
    if (r === 'timeout') return w.timeout;
    if (r && r.startsWith('http_')) return w.http;
    return w.offline;
  };
  let text = '';
  if (t && t.state === 'failed') text = ui().refreshFailed(why(t.reason));
  else if (t && t.state === 'refused') text = ui().refreshRefused;
  else if (t && t.state === 'updated' && state.shown) text = ui().updated;
  net.hidden = !text;
  net.dataset.state = t ? t.state : '';
  $('network-text').textContent = text;
  $('network-retry').hidden = !(t && (t.state === 'failed' || t.state === 'refused'));
}

// ---- Actions ------------------------------------------------------------------------------
async function verifyWith(/** @type {string} */ op, payload, /** @type {string[] | null} */ texts, word = '') {
  stopScan(false);
  setPhase('checking', word);
  try {
    const r = await call(op, payload);
    state.shownTexts = texts;
    renderResults(r.results, true);
  } catch (e) {
    const msg = String(/** @type {Error} */ (e).message || e);
    if (msg === 'image_unreadable') showNotice('imageUnreadable');
    else showNotice('firstLoadFailed', ui().why.offline, () => location.reload());
  }
}
// A bare token (what follows the prefix on a label) is a code under the *trusted* prefix.
const kBareToken = /^[0-9A-Z$*+\-:]{131}$/;
const withPrefix = (/** @type {string} */ text) =>
  (kBareToken.test(text) && state.trust ? state.trust.label_prefix + text : text);
const verifyText = (/** @type {string} */ text) => verifyWith('text', { text: withPrefix(text) }, [withPrefix(text)]);

function verifyPhoto(/** @type {File} */ file) {
  // A file that is not a picture is said to be one, before any decoder is loaded.
  if (file.type && !file.type.startsWith('image/')) { showNotice('notImage'); return; }
  if (!file.type && !/\.(jpe?g|png|gif|webp|bmp|heic|heif|avif)$/i.test(file.name)) { showNotice('notImage'); return; }
  verifyWith('image', { blob: file }, null, ui().readingPhoto);
}

// A code accepted from the camera only after it reads the same on consecutive frames.
async function scan() {
  if (state.camera) return;
  state.shown = null;
  state.notice = null;
  setPhase('scanning');
  $('camera-error').hidden = true;
  $('camera').hidden = false;
  $('camera').scrollIntoView({ block: 'start', behavior: 'smooth' });
  call('prepareReader').catch(() => {});  // the decoder loads while the camera opens
  try {
    state.camera = await startCamera(/** @type {HTMLVideoElement} */ ($('video')), {
      decode: (bitmap) => call('frame', { bitmap }, [bitmap]),
      agree: 2,
      onAccepted: (results) => {
        stopScan(false);
        state.shownTexts = results.map((r) => r.text);
        renderResults(results, true);
      },
      onTorch: (available) => { $('torch').hidden = !available; },
    });
  } catch (e) {
    state.camera = null;
    $('camera').hidden = true;
    const name = /** @type {Error} */ (e).name;
    const errors = ui().cameraErrors;
    const text = errors[/** @type {keyof typeof errors} */ (name)] || errors.other;
    $('camera-error').textContent = text;
    $('camera-error').dataset.error = name in errors ? name : 'other';
    $('camera-error').hidden = false;
    setPhase('idle');
    $('live').textContent = text;
  }
}

function stopScan(focus = true) {
  const wasScanning = Boolean(state.camera);
  if (state.camera) state.camera.stop();
  state.camera = null;
  $('camera').hidden = true;
  if (wasScanning && !state.shown && $('result').dataset.phase === 'scanning') setPhase('idle');
  if (focus) $('scan').focus();
}

// The code in the address: /?code=<text>, or a label URL whose last path segment is the token;
// the code text is rebuilt from the *trusted* prefix (FORMAT.md: a label URL is prefix || token).
// Tokens are not re-spelled here (no case change, no percent-decoding): the core decides.
// Returns a text, null (the start page) or 'incomplete' (a label link that lost characters).
function codeFromLocation() {
  const raw = new URLSearchParams(location.search).get('code');
  // URLSearchParams turns '+' into ' '; a token has '+' but never a space (§2.1 base41).
  if (raw !== null) return raw.trim().replace(/ /g, '+');
  const segs = location.pathname.split('/').filter(Boolean);
  if (segs.length === 0 || (segs.length === 1 && segs[0] === 'index.html')) return null;
  const last = segs[segs.length - 1].trim();
  if (last.length === kTokenLength && segs.length >= 2 && state.trust) return state.trust.label_prefix + last;
  return 'incomplete';
}

function registerServiceWorker() {
  if (state.swRegistered || !('serviceWorker' in navigator)) return;
  state.swRegistered = true;
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: document.baseURI })
    .catch(() => {});
}

async function refreshInBackground() {
  let t;
  try { t = await call('refreshTrust'); } catch { return; }
  state.trust = t.trust;
  state.trustStatus = t.trust_status;
  if (t.status.length) state.status = t.status;
  renderTrust();
  // Fresher data can change a verdict (a code voided since): check what is shown again.
  if (t.changed && state.shown && state.shownTexts) {
    const texts = state.shownTexts;
    const results = (await Promise.all(texts.map((text) => call('text', { text })))).flatMap((r) => r.results);
    if (state.shownTexts === texts) renderResults(results, false);
  }
}

async function start() {
  setPhase('loading');
  let r;
  try {
    r = await initialized;
  } catch (e) {
    const msg = String(/** @type {Error} */ (e).message || e);
    const w = ui().why;
    const why = msg === 'timeout' ? w.timeout : (msg.startsWith('http_') ? w.http : (msg.startsWith('refused_') ? w.refused : w.offline));
    showNotice('firstLoadFailed', why, () => location.reload());
    document.body.dataset.error = msg;
    return;
  }
  state.messages = r.messages;
  state.trust = r.trust;
  state.trustStatus = r.trust_status;
  state.status = r.status || [];
  state.demoClock = r.demo_clock || null;
  for (const id of ['scan', 'photo', 'paste-submit']) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  document.body.dataset.ready = 'true';
  performance.mark('traceseal-ready');
  applyLanguage();
  const code = codeFromLocation();
  if (code === 'incomplete') showNotice('linkIncomplete');
  else if (code !== null) await verifyText(code);
  else registerServiceWorker();
  if (r.from_cache) refreshInBackground();
  window.addEventListener('online', refreshInBackground);
}

function main() {
  applyLanguage();
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('lang', state.lang);
    applyLanguage();
  });
  $('scan').addEventListener('click', scan);
  $('stop').addEventListener('click', () => stopScan());
  $('switch').addEventListener('click', () => state.camera && state.camera.switchCamera());
  $('torch').addEventListener('click', () => state.camera && state.camera.toggleTorch());
  $('retry').addEventListener('click', () => state.notice && state.notice.retry && state.notice.retry());
  $('network-retry').addEventListener('click', () => {
    state.trustStatus = { state: 'retrying' };
    renderNetwork();
    refreshInBackground();
  });
  $('photo').addEventListener('change', (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const file = input.files && input.files[0];
    if (file) verifyPhoto(file);
    input.value = '';
  });
  $('paste-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = /** @type {HTMLTextAreaElement} */ ($('paste')).value.trim();
    if (text) verifyText(text);
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.camera) stopScan(); });
  start().catch((e) => {
    setVerdict('pending', String(e.message || e));
    document.body.dataset.error = String(e.message || e);
  });
}

main();

// The inspector mode (#inspector, issue 15) is its own module, loaded only when asked for.
const inspectorIfAsked = () => { if (location.hash === '#inspector') import('./inspector.js').then((m) => m.open()); };
window.addEventListener('hashchange', inspectorIfAsked);
inspectorIfAsked();
