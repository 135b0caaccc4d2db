// @ts-check
// The inspector mode's half of the worker (FORMAT.md §12, issue 15), loaded by worker.js with the
// first inspector message. It holds the keys and the session and talks to the registry service;
// the page sends phone numbers, codes and typed code numbers and gets plain objects back. Key
// material never leaves this worker (and never leaves the browser):
// - device key (Ed25519, signs logins and queries): a WebCrypto key made with extractable=false
//   where the browser has Ed25519 (Chromium 113+ behind a flag, 137+ by default; Firefox 129+,
//   Safari 17+); else a libsodium secret key made by the core from crypto.getRandomValues. Both
//   kinds are kept in IndexedDB (a CryptoKey is stored as a structured clone; its bytes stay
//   unreadable). An imported key file is imported into WebCrypto non-extractable when it can be.
// - inspector key (X25519, opens sealed details): always bytes in IndexedDB, extractable: sealed
//   boxes (crypto_box_seal) need libsodium's X25519 + XSalsa20-Poly1305, which WebCrypto lacks.
// Ops: inspectorState, inspectorSetServer, inspectorGenerateKeys, inspectorImportKey,
// inspectorForgetKeys, inspectorRequestCode, inspectorLogin, inspectorLogout, inspectorFetch.

/** @typedef {import('../bindings').TracesealCore} TracesealCore */
/** @typedef {import('../bindings').SessionClaims} SessionClaims */
/** @typedef {{kind: 'webcrypto', key: CryptoKey, public_key: string} | {kind: 'sodium', secret: Uint8Array, public_key: string}} DeviceKey */
/** @typedef {{public_key: string, secret: Uint8Array, public_file: string}} BoxKey */

const kDb = 'traceseal-inspector';
const kStore = 'kv';
const kTimeoutMs = 15000;
// PKCS #8 for an Ed25519 seed (RFC 8410 §7): this prefix, then the 32-byte seed.
const kPkcs8Ed25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/** @returns {Promise<IDBDatabase>} */
function openDb() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(kDb, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(kStore);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(new Error('storage_unavailable'));
  });
}
/** @returns {Promise<any>} */
async function get(/** @type {string} */ key) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const r = db.transaction(kStore).objectStore(kStore).get(key);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(new Error('storage_unavailable'));
  });
}
async function put(/** @type {string} */ key, /** @type {any} */ value) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(kStore, 'readwrite');
    if (value === undefined) t.objectStore(kStore).delete(key); else t.objectStore(kStore).put(value, key);
    t.oncomplete = () => resolve(undefined);
    t.onerror = () => reject(new Error('storage_unavailable'));
  });
}

const hex = (/** @type {Uint8Array} */ b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const random = (/** @type {number} */ n) => crypto.getRandomValues(new Uint8Array(n));
const b64 = (/** @type {string} */ s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

/** Ed25519 in WebCrypto, feature-detected once by making a throwaway non-extractable key. */
let webCryptoEd25519 = /** @type {Promise<boolean> | null} */ (null);
function hasWebCryptoEd25519() {
  if (!webCryptoEd25519) {
    webCryptoEd25519 = crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
      .then(() => true, () => false);
  }
  return webCryptoEd25519;
}

/** A refusal the page localises: the core's or the service's reason word. */
function refused(/** @type {string} */ reason, detail = '') {
  return Object.assign(new Error(reason), { detail });
}

/**
 * @param {() => TracesealCore} getCore
 * @param {() => number} now  seconds (the worker's clock)
 */
export function handlers(getCore, now) {
  let restored = false;

  /** Held log checkpoints come back from IndexedDB once per worker (§10.9: held per origin). */
  async function restoreCheckpoints() {
    if (restored) return;
    restored = true;
    const notes = /** @type {Record<string, string>} */ ((await get('checkpoints')) || {});
    for (const note of Object.values(notes)) getCore().inspector_hold_checkpoint(note);
  }

  async function server() {
    return /** @type {string} */ ((await get('server')) || new URL('./', self.location.href).href);
  }

  /** One call to the service: its JSON/bytes, or its problem's reason word (FORMAT.md §12.8). */
  async function api(/** @type {string} */ path, /** @type {RequestInit} */ init, binary = false) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), kTimeoutMs);
    let r;
    try {
      r = await fetch(new URL(path.replace(/^\//, ''), await server()), { ...init, cache: 'no-store', signal: controller.signal });
    } catch {
      throw refused(controller.signal.aborted ? 'timeout' : 'offline');
    } finally {
      clearTimeout(timer);
    }
    if (!r.ok) {
      let reason = `http_${r.status}`, detail = '';
      try {
        const p = await r.json();
        if (typeof p.reason === 'string') reason = p.reason;
        detail = String(p.detail || '');
      } catch { /* not problem+json */ }
      throw refused(reason, detail);
    }
    return binary ? new Uint8Array(await r.arrayBuffer()) : r.text();
  }

  /** @returns {Promise<{kind: string, public_key: string, public_file: string, non_extractable: boolean} | null>} */
  async function deviceInfo() {
    const d = /** @type {DeviceKey | undefined} */ (await get('device'));
    if (!d) return null;
    const pk = Uint8Array.from(d.public_key.match(/../g) || [], (h) => parseInt(h, 16));
    return { kind: d.kind, public_key: d.public_key, public_file: getCore().inspector_device_public_file(pk),
             non_extractable: d.kind === 'webcrypto' && !d.key.extractable };
  }

  async function sign(/** @type {{body: string, message: Uint8Array}} */ b) {
    const d = /** @type {DeviceKey | undefined} */ (await get('device'));
    if (!d) throw refused('no_device_key');
    const text = d.kind === 'webcrypto'
      ? getCore().inspector_signed_request(b.body, new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, d.key, /** @type {Uint8Array<ArrayBuffer>} */ (b.message))))
      : getCore().inspector_sign_request(b.body, d.secret);
    if (!text) throw refused('request_malformed');
    return text;
  }

  /** @returns {Promise<SessionClaims | null>} */
  async function claims() {
    const s = await get('session');
    if (!s) return null;
    const c = getCore().inspector_session_claims(s.token, now());
    return c.ok ? c : null;
  }

  async function state() {
    await restoreCheckpoints();
    const box = /** @type {BoxKey | undefined} */ (await get('box'));
    return {
      server: await server(),
      webcrypto_ed25519: await hasWebCryptoEd25519(),
      device: await deviceInfo(),
      box: box ? { public_key: box.public_key, public_file: box.public_file } : null,
      session: await claims(),
      agencies: (getCore().current_trust(now()) || { agencies: {} }).agencies,
    };
  }

  async function storeDeviceSeed(/** @type {Uint8Array} */ seed, /** @type {string} */ publicHex) {
    if (await hasWebCryptoEd25519()) {
      const pkcs8 = new Uint8Array([...kPkcs8Ed25519, ...seed]);
      const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
      pkcs8.fill(0);
      await put('device', { kind: 'webcrypto', key, public_key: publicHex });
      return;
    }
    const k = getCore().inspector_device_key_from_seed(seed);
    if (!k.ok) throw refused(k.reason);
    await put('device', { kind: 'sodium', secret: k.secret, public_key: k.public_key });
  }

  return {
    inspectorState: state,
    async inspectorSetServer({ server: url }) {
      let u;
      try { u = new URL(String(url || ''), self.location.href); } catch { throw refused('server_url_invalid'); }
      if (!/^https?:$/.test(u.protocol)) throw refused('server_url_invalid');
      await put('server', u.href.endsWith('/') ? u.href : `${u.href}/`);
      return state();
    },
    async inspectorGenerateKeys() {
      if (await hasWebCryptoEd25519()) {
        const pair = /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']));
        const pk = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
        await put('device', { kind: 'webcrypto', key: pair.privateKey, public_key: hex(pk) });
      } else {
        const seed = random(32);
        const k = getCore().inspector_device_key_from_seed(seed);
        seed.fill(0);
        if (!k.ok) throw refused(k.reason);
        await put('device', { kind: 'sodium', secret: k.secret, public_key: k.public_key });
      }
      const seed = random(32);
      const box = getCore().inspector_box_key_from_seed(seed);
      seed.fill(0);
      if (!box.ok) throw refused(box.reason);
      await put('box', { public_key: box.public_key, secret: box.secret, public_file: box.public_file });
      await put('session', undefined);  // a session belongs to the old device key
      return state();
    },
    async inspectorImportKey({ text }) {
      const k = getCore().inspector_read_key_file(String(text));
      if (!k.ok) throw refused(k.reason, k.detail);
      if (k.kind === 'device') {
        await storeDeviceSeed(k.secret.subarray(0, 32), k.public_key);
        k.secret.fill(0);
        await put('session', undefined);
      } else {
        await put('box', { public_key: k.public_key, secret: k.secret, public_file: k.public_file });
      }
      return state();
    },
    async inspectorForgetKeys() {
      for (const key of ['device', 'box', 'session']) await put(key, undefined);
      return state();
    },
    async inspectorRequestCode({ phone }) {
      await api('/v1/inspector/code', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                        body: JSON.stringify({ phone: String(phone) }) });
      return {};
    },
    async inspectorLogin({ phone, code }) {
      const b = getCore().inspector_login_body(String(phone), String(code).trim(), now(), hex(random(16)));
      if (!b.ok) throw refused(b.reason, b.detail);
      const token = await api('/v1/inspector/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                       body: await sign(b) });
      const c = getCore().inspector_session_claims(String(token), now());
      if (!c.ok) throw refused('server_response_invalid', c.reason);
      await put('session', { token });
      return state();
    },
    async inspectorLogout() {
      await put('session', undefined);
      return state();
    },
    async inspectorFetch({ code, case_reference: caseRef }) {
      await restoreCheckpoints();
      const s = await get('session');
      const c = await claims();
      if (!s || !c) throw refused('no_session');
      if (c.expired) throw refused('session_expired');
      if (c.case_reference_required && !String(caseRef || '').trim()) throw refused('case_reference_required');
      const q = getCore().inspector_query_body(c.session, String(code).trim(), String(caseRef || '').trim(), now(), hex(random(16)));
      if (!q.ok) throw refused(q.reason, q.detail);
      const bundle = /** @type {Uint8Array} */ (await api(`/v1/inspector/provenance/${q.code_number}`, {
        headers: { Authorization: `TraceSeal-Session ${b64(s.token)}`, 'TraceSeal-Request': b64(await sign(q)) },
      }, true));
      const box = /** @type {BoxKey | undefined} */ (await get('box'));
      const t = getCore().inspector_verify_bundle(bundle, String(q.code_number), c.role, box ? box.secret : new Uint8Array());
      if (!t.ok) throw refused(t.reason, t.detail);
      const notes = (await get('checkpoints')) || {};
      notes[t.origin] = t.checkpoint;
      await put('checkpoints', notes);
      return { timeline: t, session: c };
    },
  };
}
