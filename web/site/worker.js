// The one Web Worker that owns both WASM modules (zxing-wasm's reader and the TraceSeal core).
// Protocol (page -> worker): {id, op, ...}; (worker -> page): {id, ok, ...} or {id, ok:false, error}.
//   init {}                         -> {messages: {zh-CN, en}, trust, trustStatus, status}
//   frame {bitmap: ImageBitmap}     -> {results: [{text, assessment}], decodeMs, totalMs}
//   image {blob: Blob}              -> same as frame, several codes per photo
//   text {text}                     -> {results: [{text, assessment}]}
//   refreshTrust {}                 -> {trust, trustStatus, status}
// status: [{ok, segment, sequence, issued_at, valid_until, stale} | {ok:false, file, reason}],
// the status snapshots (FORMAT.md §9.3) in use; assessments then carry state (§9.5, consumer).
import { prepareZXingModule, readBarcodes } from './vendor/zxing-wasm/reader/index.js';
import createTracesealCore from './traceseal_core.mjs';

const here = new URL('./', self.location.href);
const kTrustCache = 'traceseal-trust-v1';           // the accepted trust list, survives updates
const kAcceptedKey = new URL('trust/accepted-trust-list.json', here).href;
const kAcceptedStatusKey = new URL('trust/accepted-status.json', here).href;  // {segment: hex}
// The camera preset measured on the foreign corpus (shared/corpus/zxing-qr/README.md).
const kCameraOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: false, tryInvert: false,
                         maxNumberOfSymbols: 1 };
const kPhotoOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: true,
                        tryDownscale: true, maxNumberOfSymbols: 8 };

let core = null;
let rootKeyText = '';
let canvas = null;

const now = () => Date.now() / 1000;

async function fetchText(path, fresh) {
  const r = await fetch(new URL(path, here), { cache: fresh ? 'no-cache' : 'default' });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.text();
}

async function storeAccepted(text) {
  const cache = await caches.open(kTrustCache);
  await cache.put(kAcceptedKey, new Response(text, { headers: { 'Content-Type': 'application/json' } }));
}

async function loadStoredTrust() {
  try {
    const cache = await caches.open(kTrustCache);
    const r = await cache.match(kAcceptedKey);
    if (!r) return false;
    return core.set_trust(rootKeyText, await r.text(), now()).ok;
  } catch { return false; }
}

// Offer the site's (possibly refreshed) trust list; accepted only if verified by the pinned root
// and not older than the one we hold (core accept_trust_list_update, FORMAT.md §4.6).
async function refreshTrust(fresh) {
  let text;
  try { text = await fetchText('trust/trust-list.json', fresh); }
  catch (e) { return { state: 'offline', detail: String(e.message || e) }; }
  const r = core.update_trust(rootKeyText, text, now());
  if (!r.ok) return { state: 'refused', reason: r.reason, detail: r.detail };
  if (r.replaced) await storeAccepted(text);
  return { state: r.replaced ? 'updated' : 'current' };
}

// Status snapshots: the ones accepted before (kept like the trust list, so a replayed older file
// is refused as status_rollback), then the site's current files. Each is verified by the core
// against the current trust list; a refused file is reported and never used.
function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function loadStatus(fresh) {
  core.clear_status();
  const cache = await caches.open(kTrustCache).catch(() => null);
  let accepted = {};
  try { accepted = JSON.parse(await (await cache.match(kAcceptedStatusKey)).text()); } catch { accepted = {}; }
  for (const hex of Object.values(accepted)) core.add_status(hex, now());
  let names = [];
  try { names = JSON.parse(await fetchText('trust/status/index.json', fresh)).files || []; }
  catch { names = []; }
  const out = [];
  for (const name of names) {
    let hex;
    try {
      const r = await fetch(new URL(`trust/status/${name}`, here), { cache: fresh ? 'no-cache' : 'default' });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      hex = toHex(await r.arrayBuffer());
    } catch (e) { out.push({ ok: false, file: name, reason: 'offline', detail: String(e.message || e) }); continue; }
    const info = core.add_status(hex, now());
    if (!info.ok) { out.push({ ok: false, file: name, reason: info.reason }); continue; }
    out.push(info);
    accepted[info.segment] = hex;
  }
  if (cache) {
    await cache.put(kAcceptedStatusKey, new Response(JSON.stringify(accepted),
                                                     { headers: { 'Content-Type': 'application/json' } }));
  }
  return out;
}

async function init() {
  // Both modules load from this site only (zxing-wasm's default would be a CDN).
  const zxingReady = prepareZXingModule({
    overrides: { locateFile: (file) => new URL(`vendor/zxing-wasm/reader/${file}`, here).href },
    fireImmediately: true,
  });
  const coreReady = createTracesealCore({ locateFile: (file) => new URL(file, here).href });
  [core, rootKeyText] = await Promise.all([coreReady, fetchText('trust/root.pub.json', false),
                                           zxingReady]);
  await loadStoredTrust();
  const trustStatus = await refreshTrust(false);
  const status = core.current_trust(now()) ? await loadStatus(false) : [];
  return {
    messages: { 'zh-CN': core.messages('zh-CN'), en: core.messages('en') },
    trust: core.current_trust(now()),
    trustStatus,
    status,
  };
}

function assess(text) {
  const json = core.assess(text, now(), 'web');
  if (!json) throw new Error('no trust list');
  return JSON.parse(json);
}

function assessAll(texts) {
  if (texts.length === 0) return [{ text: '', assessment: JSON.parse(core.assess_no_code('web')) }];
  return texts.map((text) => ({ text, assessment: assess(text) }));
}

async function decodeBitmap(bitmap) {
  const w = bitmap.width, h = bitmap.height;
  if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return readBarcodes(ctx.getImageData(0, 0, w, h), kCameraOptions);
}

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
    const found = await readBarcodes(blob, kPhotoOptions);
    return { results: assessAll(found.filter((b) => b.isValid).map((b) => b.text)) };
  },
  async text({ text }) {
    return { results: [{ text, assessment: assess(text) }] };
  },
  async refreshTrust() {
    const trustStatus = await refreshTrust(true);
    const status = core.current_trust(now()) ? await loadStatus(true) : [];
    return { trust: core.current_trust(now()), trustStatus, status };
  },
};

// Messages are handled one at a time, in order: the page keeps one frame in flight.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(async () => {
    try {
      const out = await handlers[data.op](data);
      self.postMessage({ id: data.id, ok: true, ...out });
    } catch (e) {
      self.postMessage({ id: data.id, ok: false, error: String(e && e.message || e) });
    }
  });
};
