// @ts-check
// The inspector mode of the page (#inspector, issue 15; FORMAT.md §12): service address, device
// keys (made or imported in the worker, never seen here), phone + one-time code login, then a
// scanned or typed code -> its bundle v2, verified in the worker by the core -> the timeline for
// the session's role. app.js loads this module only when the address asks for #inspector.
import { call, initialized } from './boot.js';
import { startCamera } from './camera.js';
import { kInspectorText } from './inspector_i18n.js';

/** @typedef {import('../bindings').Timeline} Timeline */
/** @typedef {import('../bindings').SessionClaims} SessionClaims */
/** @typedef {import('../bindings').Messages} Messages */

const root = /** @type {HTMLElement} */ (document.getElementById('inspector'));
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN');
const t = () => kInspectorText[lang()];

/** @type {{state: any, timeline: Timeline | null, session: SessionClaims | null, message: {text: string, kind: string, where: string} | null,
 *          messages: Record<string, Messages> | null, camera: any, codeSent: boolean}} */
const view = { state: null, timeline: null, session: null, message: null, messages: null, camera: null, codeSent: false };

/** An element with attributes/properties and children (strings become text). */
function h(/** @type {string} */ tag, /** @type {Record<string, any>} */ attrs = {}, /** @type {(Node|string|null|undefined|false)[]} */ ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') /** @type {any} */ (el)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

/** A reason word -> words: the core's catalog first, then the page's own. */
function words(/** @type {string} */ reason) {
  const catalog = view.messages && view.messages[lang()];
  if (catalog && catalog.reasons[reason]) return catalog.reasons[reason];
  const e = /** @type {Record<string, any>} */ (t().errors);
  if (typeof e[reason] === 'string') return e[reason];
  if (/^http_\d+$/.test(reason)) return e.http(reason.slice(5));
  return reason;
}

function say(/** @type {string} */ where, /** @type {string} */ text, kind = 'error') {
  view.message = { where, text, kind };
  render();
}

async function run(/** @type {string} */ where, /** @type {() => Promise<void>} */ f) {
  view.message = null;
  try {
    await f();
  } catch (e) {
    const reason = String(/** @type {Error} */ (e).message || e);
    say(where, words(reason), 'error');
    const box = root.querySelector(`[data-where="${where}"] .message`);
    if (box) box.setAttribute('data-reason', reason);
  }
}

function messageFor(/** @type {string} */ where) {
  const m = view.message;
  if (!m || m.where !== where) return null;
  return h('p', { class: `message ${m.kind}`, role: m.kind === 'error' ? 'alert' : 'status', 'data-testid': `${where}-message` }, m.text);
}

function downloadLink(/** @type {string} */ text, /** @type {string} */ name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  return h('a', { href: url, download: name, class: 'link' }, t().download);
}

function serverCard() {
  const input = h('input', { id: 'insp-server', type: 'url', value: view.state.server, autocomplete: 'off' });
  return h('section', { class: 'card', 'data-where': 'server' },
    h('label', { for: 'insp-server' }, t().server),
    h('div', { class: 'row' }, input,
      h('button', { type: 'button', onclick: () => run('server', async () => {
        view.state = await call('inspectorSetServer', { server: /** @type {HTMLInputElement} */ (input).value });
        render();
      }) }, t().save)),
    messageFor('server'));
}

function keysCard() {
  const s = view.state;
  const file = h('input', { type: 'file', id: 'insp-keyfile', accept: '.json,application/json', multiple: true, class: 'visually-hidden',
    onchange: (/** @type {Event} */ e) => run('keys', async () => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      for (const f of Array.from(input.files || [])) view.state = await call('inspectorImportKey', { text: await f.text() });
      input.value = '';
      render();
    }) });
  const rows = [];
  if (s.device) {
    rows.push(h('p', { class: 'key-label' }, t().deviceKey),
      h('code', { class: 'key', 'data-testid': 'device-key' }, s.device.public_key),
      h('p', { class: 'hint', 'data-testid': 'device-storage', 'data-kind': s.device.kind,
               'data-non-extractable': String(s.device.non_extractable) }, t().keyStored(s.device.kind)),
      downloadLink(s.device.public_file, 'inspector.device.pub.json'));
  }
  if (s.box) {
    rows.push(h('p', { class: 'key-label' }, t().boxKey),
      h('code', { class: 'key', 'data-testid': 'box-key' }, s.box.public_key),
      h('p', { class: 'hint' }, t().boxStored),
      downloadLink(s.box.public_file, 'inspector.pub.json'));
  } else if (s.device) {
    rows.push(h('p', { class: 'hint' }, t().noBox));
  }
  return h('section', { class: 'card', 'data-where': 'keys' },
    h('h3', {}, t().keys),
    !s.device ? h('p', {}, t().noKeys) : null,
    ...rows,
    s.device ? h('p', { class: 'hint' }, t().enrolHint) : null,
    h('div', { class: 'row' },
      h('button', { type: 'button', id: 'insp-generate', onclick: () => run('keys', async () => {
        view.state = await call('inspectorGenerateKeys');
        render();
      }) }, t().generate),
      file, h('label', { class: 'button', for: 'insp-keyfile' }, t().import),
      s.device ? h('button', { type: 'button', class: 'link', onclick: () => run('keys', async () => {
        view.state = await call('inspectorForgetKeys');
        view.timeline = null;
        render();
      }) }, t().forget) : null),
    messageFor('keys'));
}

function loginCard() {
  const phone = /** @type {HTMLInputElement} */ (h('input', { id: 'insp-phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel',
    placeholder: '+8613800000000', value: localStorage.getItem('inspector-phone') || '' }));
  const code = /** @type {HTMLInputElement} */ (h('input', { id: 'insp-code', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: '6', pattern: '[0-9]{6}' }));
  return h('section', { class: 'card', 'data-where': 'login' },
    h('h3', {}, t().login),
    h('label', { for: 'insp-phone' }, t().phone),
    h('div', { class: 'row' }, phone,
      h('button', { type: 'button', id: 'insp-get-code', onclick: () => run('login', async () => {
        localStorage.setItem('inspector-phone', phone.value.trim());
        await call('inspectorRequestCode', { phone: phone.value.trim() });
        view.codeSent = true;
        say('login', t().codeSent, 'info');
      }) }, t().getCode)),
    h('label', { for: 'insp-code' }, t().code),
    h('form', { class: 'row', onsubmit: (/** @type {Event} */ e) => {
      e.preventDefault();
      run('login', async () => {
        view.state = await call('inspectorLogin', { phone: phone.value.trim(), code: code.value });
        view.codeSent = false;
        render();
      });
    } }, code, h('button', { type: 'submit', id: 'insp-login', class: 'primary' }, t().signIn)),
    messageFor('login'));
}

function agencyName(/** @type {SessionClaims} */ c) {
  const a = view.state.agencies[String(c.agency)];
  return a ? (lang() === 'en' ? a.en : a.zh) : String(c.agency);
}

function sessionCard(/** @type {SessionClaims} */ c) {
  return h('section', { class: 'card session', 'data-testid': 'session', 'data-role': c.role },
    h('dl', {},
      h('dt', {}, t().role), h('dd', { 'data-testid': 'session-role' }, t().roles[c.role]),
      h('dt', {}, t().agency), h('dd', {}, agencyName(c)),
      h('dt', {}, t().phone), h('dd', {}, c.phone),
      h('dt', {}, t().until), h('dd', { 'data-testid': 'session-expiry' }, localTime(c.expires_at))),
    h('button', { type: 'button', class: 'link', onclick: () => run('query', async () => {
      view.state = await call('inspectorLogout');
      view.timeline = null;
      render();
    }) }, t().logout));
}

function localTime(/** @type {string} */ iso) {
  return new Date(iso).toLocaleString(lang(), { dateStyle: 'medium', timeStyle: 'short' });
}

function queryCard(/** @type {SessionClaims} */ c) {
  const code = /** @type {HTMLInputElement} */ (h('input', { id: 'insp-query', autocapitalize: 'characters', spellcheck: 'false',
    placeholder: '00000100-00000001', value: view.timeline ? view.timeline.code_number : '' }));
  const caseRef = /** @type {HTMLInputElement} */ (h('input', { id: 'insp-case', maxlength: '64', value: sessionStorage.getItem('inspector-case') || '' }));
  const video = /** @type {HTMLVideoElement} */ (h('video', { playsinline: true, muted: true, autoplay: true, class: 'insp-video' }));
  const cam = h('div', { class: 'insp-camera', hidden: !view.camera }, video,
    h('button', { type: 'button', onclick: stopCamera }, t().stopScan));
  const lookUp = (/** @type {string} */ text) => run('query', async () => {
    sessionStorage.setItem('inspector-case', caseRef.value);
    view.timeline = null;
    say('query', t().fetching, 'info');
    const r = await call('inspectorFetch', { code: text, case_reference: caseRef.value });
    view.timeline = r.timeline;
    view.message = null;
    render();
    const tl = root.querySelector('[data-testid="timeline"]');
    if (tl) /** @type {HTMLElement} */ (tl).focus();
  });
  return h('section', { class: 'card', 'data-where': 'query' },
    h('h3', {}, t().query),
    h('form', { onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); if (code.value.trim()) lookUp(code.value.trim()); } },
      h('label', { for: 'insp-query' }, t().codeInput), code,
      c.case_reference_required ? h('label', { for: 'insp-case' }, t().caseRef) : null,
      c.case_reference_required ? caseRef : null,
      h('div', { class: 'row' },
        h('button', { type: 'submit', id: 'insp-fetch', class: 'primary' }, t().fetch),
        h('button', { type: 'button', onclick: async () => {
          if (view.camera) return;
          cam.hidden = false;
          call('prepareReader').catch(() => {});
          try {
            view.camera = await startCamera(video, {
              decode: (bitmap) => call('frame', { bitmap }, [bitmap]),
              agree: 2,
              onAccepted: (results) => { stopCamera(); lookUp(results[0].text); },
              onTorch: () => {},
            });
          } catch (e) {
            cam.hidden = true;
            view.camera = null;
            say('query', String(/** @type {Error} */ (e).name || e));
          }
        } }, t().scan))),
    cam,
    messageFor('query'));
}

function stopCamera() {
  if (view.camera) view.camera.stop();
  view.camera = null;
  const cam = root.querySelector('.insp-camera');
  if (cam) /** @type {HTMLElement} */ (cam).hidden = true;
}

/** A padlock drawn inline (headless Chromium on Debian has no emoji font, docs/WEB.md). */
function lockIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'lock');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M7 11V8a5 5 0 0 1 10 0v3M5 11h14v10H5z');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  svg.append(path);
  return svg;
}

function eventItem(/** @type {import('../bindings').TimelineEvent} */ e) {
  const catalog = view.messages && view.messages[lang()];
  const events = /** @type {Record<string, string>} */ (t().events);
  const d = e.details;
  let sealedNote = null;
  if (e.sealed && !d) {
    const text = !e.may_open ? t().sealedWithheld : (e.unreadable ? t().sealedUnreadable : t().sealedNoKey);
    sealedNote = h('p', { class: 'sealed', 'data-testid': 'sealed-note' },
      lockIcon(), text);
  }
  return h('li', { class: `event${e.sealed ? ' is-sealed' : ''}`, 'data-testid': 'event', 'data-type': e.type,
                   'data-sealed': String(e.sealed), 'data-opened': String(Boolean(d && e.sealed)) },
    h('div', { class: 'event-head' },
      h('strong', {}, events[e.type] || e.type),
      h('span', { class: 'state' }, catalog ? catalog.states[e.state] || e.state : e.state),
      d ? h('time', { datetime: d.time }, localTime(d.time)) : null),
    d ? h('dl', { class: 'details', 'data-testid': 'details' },
      e.sealed ? h('dt', { class: 'opened' }, t().opened) : null, e.sealed ? h('dd', {}, '') : null,
      d.actor ? h('dt', {}, t().actor) : null, d.actor ? h('dd', {}, d.actor) : null,
      d.place ? h('dt', {}, t().place) : null, d.place ? h('dd', {}, d.place) : null,
      d.reason ? h('dt', {}, t().reasonWord) : null, d.reason ? h('dd', {}, d.reason) : null) : null,
    sealedNote);
}

function timelineCard(/** @type {Timeline} */ tl) {
  return h('section', { class: 'card timeline', 'data-testid': 'timeline', tabindex: '-1', 'data-code': tl.code_number },
    h('h3', {}, t().timeline(tl.code_number)),
    tl.events.length ? h('ol', { class: 'events' }, ...tl.events.map(eventItem)) : h('p', {}, t().noEvents),
    h('p', { class: 'hint verified', 'data-testid': 'verified' }, t().verified(tl.origin, tl.size, tl.witnesses.join(', '))));
}

function render() {
  if (!view.state) return;
  const s = view.state;
  const c = s.session && !s.session.expired ? s.session : null;
  /** @type {(Node | null)[]} */
  const parts = [
    h('div', { class: 'insp-head' },
      h('h2', {}, t().title),
      h('a', { href: '#', class: 'link', id: 'insp-back' }, t().back)),
    h('p', { class: 'hint' }, t().intro),
    c ? sessionCard(c) : null,
    c ? queryCard(c) : null,
    c && view.timeline ? timelineCard(view.timeline) : null,
    !c ? keysCard() : null,
    !c && s.device ? loginCard() : null,
    serverCard(),
    c ? keysCard() : null];
  root.replaceChildren(.../** @type {Node[]} */ (parts.filter(Boolean)));
  document.title = `TraceSeal · ${t().title}`;
}

let started = false;
/** Shows the inspector mode (and hides the consumer page) while the address is #inspector. */
export async function open() {
  document.body.dataset.mode = 'inspector';
  root.hidden = false;
  if (!started) {
    started = true;
    const css = h('link', { rel: 'stylesheet', href: 'inspector.css' });
    document.head.append(css);
    document.getElementById('lang')?.addEventListener('click', () => { if (document.body.dataset.mode === 'inspector') render(); });
    window.addEventListener('hashchange', () => {
      if (location.hash !== '#inspector') {
        stopCamera();
        delete document.body.dataset.mode;
        root.hidden = true;
      }
    });
  }
  try {
    view.messages = (await initialized).messages;
  } catch { /* the consumer page says why the core is not ready */ }
  view.state = await call('inspectorState');
  render();
}
