// @ts-check
// The one Web Worker that owns both WASM modules (the TraceSeal core, and zxing-wasm's reader,
// loaded only when a camera frame or a photo arrives).
// Protocol (page -> worker): {id, op, ...}; (worker -> page): {id, ok, ...} or {id, ok:false, error}.
//   every request also carries now (the page's Date.now(), ms): the time verdicts are made at
//   init {}                  -> {messages: {zh-CN, en}, trust, trust_status, status, from_cache,
//                                demo_clock (ISO time, or null: see site-config.js)}
//   text {text}              -> {results: [{text, assessment}]}
//   frame {bitmap}           -> {results, decodeMs, totalMs}     (camera preset, one code)
//   image {blob}             -> {results}                        (several codes per photo)
//   prepareReader {}         -> {}                               (load the decoder ahead)
//   refreshTrust {}          -> {trust, trust_status, status, changed}
// The network never blocks a verdict: init verifies from the data this worker accepted before
// (Cache API, traceseal-trust-v1) and fetches only what it has never had; refreshTrust (run
// beside the queue, every fetch with a timeout) offers the site's current files to the core and
// stores a file only after the core accepted it. The pinned root is read from the cache once held.
import createTracesealCore from './traceseal_core.mjs';
import { kSiteConfig } from './site-config.js';

/** @typedef {import('../bindings').TracesealCore} TracesealCore */
/** @typedef {import('../bindings').StatusInfo} StatusInfo */
/** @typedef {{ok: false, file: string, reason: string}} StatusRefusal */
/** @typedef {{state: string, reason?: string}} TrustStatus */

const here = new URL('./', self.location.href);
const kTrustCache = 'traceseal-trust-v1';
const kPinnedRoot = new URL('trust/held/root.pub.json', here).href;
const kHeldList = new URL('trust/held/trust-list.json', here).href;
const kHeldStatus = (/** @type {number} */ segment) => new URL(`trust/held/status-${segment}.tss`, here).href;
const kFetchTimeoutMs = 8000;
// The camera preset measured on the foreign corpus (shared/corpus/zxing-qr/README.md).
const kCameraOptions = { formats: /** @type {any} */ (['QRCode']), tryHarder: true, tryRotate: false,
                         tryInvert: false, maxNumberOfSymbols: 1 };
const kPhotoOptions = { formats: /** @type {any} */ (['QRCode']), tryHarder: true, tryRotate: true,
                        tryInvert: true, tryDownscale: true, maxNumberOfSymbols: 8 };

/** @type {TracesealCore} */
let core;
/** @type {Promise<typeof import('./vendor/zxing-wasm/reader/index.js')> | null} */
let reader = null;
/** @type {OffscreenCanvas | null} */
let canvas = null;

// The clock, in seconds. The page reads the device clock and sends it with every request
// (boot.js: `now`), so a verdict and the check time the page shows come from one clock; this
// worker reads none. A demo site instead runs on its world's fixed clock (site-config.js), and
// only while the pinned root is the demo world's own.
let pageNow = Date.now() / 1000;
/** @type {number | null} */
let demoClock = null;
const now = () => (demoClock !== null ? demoClock : pageNow);
function chooseClock(/** @type {string} */ root) {
  const demo = kSiteConfig.demo;
  let key = '';
  try { key = JSON.parse(root).public_key; } catch { /* not a key file: the core refuses it */ }
  demoClock = demo && key === demo.root_public_key ? Date.parse(demo.clock) / 1000 : null;
}
const demoClockText = () => (demoClock !== null && kSiteConfig.demo ? kSiteConfig.demo.clock : null);

/** A fetch that gives up: errors are words the page localises (timeout, offline, http_NNN). */
async function fetchOr(path, timeoutMs = kFetchTimeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const r = await fetch(new URL(path, here), { cache: 'no-cache', signal: controller.signal });
    if (!r.ok) throw new Error(`http_${r.status}`);
    return await r.arrayBuffer();
  } catch (e) {
    const message = String(e && /** @type {Error} */ (e).message || e);
    throw new Error(controller.signal.aborted ? 'timeout' : (message.startsWith('http_') ? message : 'offline'));
  } finally {
    clearTimeout(timer);
  }
}
const text = (/** @type {ArrayBuffer} */ b) => new TextDecoder().decode(b);

async function cache() {
  try { return await caches.open(kTrustCache); } catch { return null; }
}
async function held(key) {
  const c = await cache();
  const r = c && await c.match(key);
  return r ? r.arrayBuffer() : null;
}
async function hold(key, /** @type {ArrayBuffer | string} */ body) {
  const c = await cache();
  if (c) await c.put(key, new Response(body));
}

/** @type {string} */
let rootText = '';

/** The site's current trust files: list, status index, then the snapshots it names. */
async function fetchTrustFiles(/** @type {number} */ timeoutMs) {
  const [list, indexOr] = await Promise.all([fetchOr('trust/trust-list.json', timeoutMs).catch((e) => e),
                                             fetchOr('trust/status/index.json', timeoutMs).catch((e) => e)]);
  /** @type {string[]} */
  let names = [];
  try {
    const index = JSON.parse(text(indexOr));
    names = Array.isArray(index.files) ? index.files.filter((n) => typeof n === 'string' && /^[\w.-]+$/.test(n)) : [];
  } catch {
    names = [];  // no index, or one that is not JSON (a portal page): keep the snapshots held
  }
  const files = await Promise.all(names.map((n) => fetchOr(`trust/status/${n}`, timeoutMs).catch((e) => e)));
  return { list, names, files };
}

/** Offers fetched files to the core; stores only what it accepted. */
async function refresh(/** @type {number} */ timeoutMs, fetched = fetchTrustFiles(timeoutMs)) {
  /** @type {TrustStatus} */
  let trustStatus;
  let changed = false;
  /** @type {(StatusInfo | StatusRefusal)[]} */
  const status = [];
  const { list, names, files } = await fetched;
  if (list instanceof Error) return { trustStatus: { state: 'failed', reason: list.message }, status, changed };
  const r = core.update_trust(rootText, text(list), now());
  if (!r.ok) {
    trustStatus = { state: 'refused', reason: r.reason };
  } else {
    if (r.replaced) { await hold(kHeldList, list); changed = true; }
    trustStatus = { state: r.replaced ? 'updated' : 'current' };
  }
  if (r.ok) {
    for (let i = 0; i < names.length; i++) {
      const f = files[i];
      if (f instanceof Error) { status.push({ ok: false, file: names[i], reason: f.message }); continue; }
      const info = core.add_status(new Uint8Array(f), now());
      if (!info.ok) { status.push({ ok: false, file: names[i], reason: info.reason }); continue; }
      const before = await held(kHeldStatus(info.segment));
      if (!before || before.byteLength !== f.byteLength || !new Uint8Array(before).every((b, j) => b === new Uint8Array(f)[j])) {
        await hold(kHeldStatus(info.segment), f);
        changed = true;
      }
      status.push(info);
    }
  }
  return { trustStatus, status, changed };
}

/** Snapshots held from before, verified again against the held list (they may have gone stale). */
async function loadHeldStatus() {
  const c = await cache();
  /** @type {StatusInfo[]} */
  const out = [];
  if (!c) return out;
  for (const req of await c.keys()) {
    if (!/\/trust\/held\/status-\d+\.tss$/.test(req.url)) continue;
    const r = await c.match(req);
    if (!r) continue;
    const info = core.add_status(new Uint8Array(await r.arrayBuffer()), now());
    if (info.ok) out.push(info);
  }
  return out;
}

async function init() {
  // build_site.mjs moves the module into an immutable core-<hash>/ directory and rewrites this path.
  const coreUrl = new URL('./traceseal_core.mjs', import.meta.url);
  const coreReady = createTracesealCore({ locateFile: (file) => new URL(file, coreUrl).href });
  const [pinned, list] = await Promise.all([held(kPinnedRoot), held(kHeldList)]);
  // First visit: nothing held, so this verdict needs the network (with a timeout and a retry);
  // the files are fetched while the module compiles.
  const firstVisit = !(pinned && list);
  // The pinned root is never fetched again once held, even if the list went missing.
  const rootP = pinned ? Promise.resolve(pinned) : fetchOr('trust/root.pub.json', 15000);
  const filesP = firstVisit ? fetchTrustFiles(15000) : null;
  rootP.catch(() => {});
  core = await coreReady;
  const messages = { 'zh-CN': core.messages('zh-CN'), en: core.messages('en') };
  if (!firstVisit) {  // installed: verify at once from what was accepted before
    rootText = text(/** @type {ArrayBuffer} */ (pinned));
    chooseClock(rootText);
    const t = core.set_trust(rootText, text(/** @type {ArrayBuffer} */ (list)), now());
    if (t.ok) {
      const status = await loadHeldStatus();
      return { messages, trust: core.current_trust(now()), trust_status: { state: 'held' }, status,
               from_cache: true, demo_clock: demoClockText() };
    }
  }
  rootText = text(await rootP);
  chooseClock(rootText);
  const { trustStatus, status } = await refresh(15000, filesP || fetchTrustFiles(15000));
  if (trustStatus.state === 'failed') throw new Error(trustStatus.reason);
  if (!core.current_trust(now())) throw new Error(`refused_${trustStatus.reason}`);
  if (!pinned) await hold(kPinnedRoot, rootText);  // pinned only once a list verified under it
  return { messages, trust: core.current_trust(now()), trust_status: trustStatus, status, from_cache: false,
           demo_clock: demoClockText() };
}

function assess(/** @type {string} */ t) {
  const json = core.assess(t, now(), 'web');
  if (!json) throw new Error('no_trust');
  return /** @type {import('../bindings').Assessment} */ (JSON.parse(json));
}

function assessAll(/** @type {string[]} */ texts) {
  if (texts.length === 0) return [{ text: '', assessment: JSON.parse(core.assess_no_code('web')) }];
  return texts.map((t) => ({ text: t, assessment: assess(t) }));
}

function loadReader() {
  if (!reader) {
    reader = import('./vendor/zxing-wasm/reader/index.js').then((m) => {
      // Located on this site only (zxing-wasm's default would be a CDN); prepared once.
      m.prepareZXingModule({
        overrides: { locateFile: (file) => new URL(`vendor/zxing-wasm/reader/${file}`, here).href },
        fireImmediately: true,
      });
      return m;
    });
    reader.catch(() => { reader = null; });
  }
  return reader;
}

async function decodeBitmap(/** @type {ImageBitmap} */ bitmap) {
  const { readBarcodes } = await loadReader();
  const w = bitmap.width, h = bitmap.height;
  if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
  const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return readBarcodes(ctx.getImageData(0, 0, w, h), kCameraOptions);
}

/** @type {Record<string, (data: any) => Promise<object>>} */
const handlers = {
  init,
  async frame({ bitmap }) {
    const t0 = performance.now();
    const found = await decodeBitmap(bitmap);
    const t1 = performance.now();
    const texts = found.filter((b) => b.isValid).map((b) => b.text);
    return { results: assessAll(texts), decodeMs: t1 - t0, totalMs: performance.now() - t0 };
  },
  async image({ blob }) {
    const { readBarcodes } = await loadReader();
    let found;
    try { found = await readBarcodes(blob, kPhotoOptions); } catch { throw new Error('image_unreadable'); }
    return { results: assessAll(found.filter((b) => b.isValid).map((b) => b.text)) };
  },
  async text({ text: t }) {
    return { results: [{ text: t, assessment: assess(t) }] };
  },
  async prepareReader() {
    await loadReader();
    return {};
  },
};

// Background refresh: beside the queue, so a hanging server never holds up a scan.
async function refreshTrust() {
  const { trustStatus, status, changed } = await refresh(kFetchTimeoutMs);
  return { trust: core.current_trust(now()), trust_status: trustStatus, status, changed };
}

// The inspector mode (#inspector, issue 15): its ops load with its first message.
/** @type {Promise<Record<string, (data: any) => Promise<object>>> | null} */
let inspectorOps = null;
// The inspector mode talks to a live service (signed request times, session expiry): it runs on
// the device clock even on a demo site, whose fixed clock is for the demo's own signed files only.
const inspector = () => (inspectorOps ||= import('./inspector_worker.js').then((m) => m.handlers(() => core, () => pageNow)));

// Everything else one at a time, in order: the page keeps one frame in flight.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (typeof data.now === 'number' && Number.isFinite(data.now)) pageNow = data.now / 1000;
  const run = async () => {
    try {
      const out = data.op === 'refreshTrust' ? await refreshTrust()
        : data.op.startsWith('inspector') ? await (await inspector())[data.op](data) : await handlers[data.op](data);
      self.postMessage({ id: data.id, ok: true, ...out });
    } catch (e) {
      self.postMessage({ id: data.id, ok: false, error: String(e && /** @type {Error} */ (e).message || e) });
    }
  };
  if (data.op === 'refreshTrust') run();
  else queue = queue.then(run);
};
