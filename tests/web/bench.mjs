// Benchmarks for docs/WEB.md (figures, not a timed test): first-visit page weight (gzip), time
// from navigation to ready, frame -> verdict latency on a 1280x720 frame against bare zxing-wasm
// decoding of the same frame in the same run, and verify-only time in WASM (Node) vs native.
// Usage: node tests/web/bench.mjs [SITE_DIR]   (after scripts/test-web.sh has built everything)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { loadCore, repoRoot } from './core_node.mjs';

const require = createRequire(path.join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const site = path.resolve(process.argv[2] || path.join(repoRoot, 'build', 'wasm', 'site'));
const work = path.join(repoRoot, 'build', 'wasm', 'bench');
fs.mkdirSync(work, { recursive: true });
const manifest = JSON.parse(fs.readFileSync(path.join(site, 'demo', 'manifest.json'), 'utf8'));
const code = manifest.codes[0].text;
const port = 19000 + (process.pid % 1000);
const origin = `http://127.0.0.1:${port}`;
const kArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => x.toFixed(2);
const out = {};

// ---- Browser figures --------------------------------------------------------------------------
const frame = path.join(work, 'frame-1280x720.png');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', path.join(site, 'demo', manifest.codes[0].label),
  '-vf', 'scale=-1:560,pad=iw+80:ih+80:40:40:white,rotate=4*PI/180:fillcolor=0x808080:ow=1280:oh=720',
  '-frames:v', '1', frame]);
const requestLog = path.join(work, 'requests.jsonl');
fs.rmSync(requestLog, { force: true });
const server = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', site,
  '--port', String(port), '--log', requestLog], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: kArgs });
try {
  // First visit: every file the server sent (page, worker, service worker precache), gzip -9 as
  // a server would send it.
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${origin}/C/${code.slice(manifest.label_prefix.length)}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForTimeout(1500);  // let the service worker finish precaching
  const paths = new Set(fs.readFileSync(requestLog, 'utf8').split('\n').filter(Boolean)
    .map((l) => new URL(JSON.parse(l).url, origin).pathname)
    .map((p) => (fs.existsSync(path.join(site, p)) && fs.statSync(path.join(site, p)).isFile() ? p : '/index.html')));
  let raw = 0, gz = 0;
  const perFile = {};
  for (const p of paths) {
    const b = fs.readFileSync(path.join(site, p));
    const g = zlib.gzipSync(b, { level: 9 }).length;
    raw += b.length; gz += g; perFile[p] = g;
  }
  out.first_visit = { files: paths.size, bytes: raw, gzip_bytes: gz, gzip_by_file: perFile };
  await ctx.close();

  // Navigation -> ready (worker up, both modules instantiated, trust list verified).
  const readyTimes = async () => {  // repeat visits: service worker and caches warm
    const times = [];
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(`${origin}/`);
    await p.waitForSelector('body[data-ready="true"]');
    await p.evaluate(async () => { await navigator.serviceWorker.ready; });
    await p.waitForTimeout(1000);
    for (let i = 0; i < 5; i++) {
      await p.goto(`${origin}/?i=${i}`);
      await p.waitForSelector('body[data-ready="true"]');
      times.push(await p.evaluate(() => performance.getEntriesByName('traceseal-ready')[0].startTime));
    }
    await c.close();
    return times;
  };
  const cold = [];
  for (let i = 0; i < 5; i++) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(`${origin}/`);
    await p.waitForSelector('body[data-ready="true"]');
    cold.push(await p.evaluate(() => performance.getEntriesByName('traceseal-ready')[0].startTime));
    await c.close();
  }
  const warm = await readyTimes();
  out.ready_ms = { first_visit_median: median(cold), repeat_visit_median: median(warm) };

  // Frame -> verdict through the real worker vs zxing-wasm's readBarcodes alone on the same frame.
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(`${origin}/`);
  await p.waitForSelector('body[data-ready="true"]');
  const png = fs.readFileSync(frame).toString('base64');
  out.frame = await p.evaluate(async ({ png, n }) => {
    const bytes = Uint8Array.from(atob(png), (ch) => ch.charCodeAt(0));
    const source = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const w = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
    let id = 0;
    const call = (op, payload = {}, transfer = []) => new Promise((resolve) => {
      const my = ++id;
      const on = ({ data }) => { if (data.id === my) { w.removeEventListener('message', on); resolve(data); } };
      w.addEventListener('message', on);
      w.postMessage({ id: my, op, ...payload }, transfer);
    });
    await call('init');
    // Ours and bare zxing-wasm through the same transport (fresh ImageBitmap, transfer,
    // read-back, decode; `bare` skips the core), interleaved so machine load hits both alike.
    const rows = [], bareFrames = [];
    for (let i = 0; i < n + 5; i++) {
      for (const bare of (i % 2 ? [false, true] : [true, false])) {
        const t0 = performance.now();
        const bitmap = await createImageBitmap(source);
        const tb = performance.now();
        const r = await call('frame', { bitmap, bare }, [bitmap]);
        const t1 = performance.now();
        if (i < 5) continue;
        if (bare) bareFrames.push(t1 - t0);
        else rows.push({ total: t1 - t0, capture: tb - t0, worker: r.totalMs, decode: r.decodeMs,
                         verdict: r.results[0].assessment.verdict });
      }
    }
    // Bare zxing-wasm in the same worker and run: readBarcodes(ImageData) only, no bitmap
    // transfer, canvas read-back or core.
    const bare = await call('benchBare', { bitmap: await createImageBitmap(source), n });
    w.terminate();
    return { width: source.width, height: source.height, rows, bareFrames, bare: bare.ok ? bare : null };
  }, { png, n: 40 });
  await c.close();
} finally {
  await browser.close();
  server.kill();
}
const rows = out.frame.rows;
out.frame_summary = {
  size: `${out.frame.width}x${out.frame.height}`,
  verdicts: [...new Set(rows.map((r) => r.verdict))],
  frame_to_verdict_median_ms: median(rows.map((r) => r.total)),
  capture_median_ms: median(rows.map((r) => r.capture)),
  worker_median_ms: median(rows.map((r) => r.worker)),
  decode_in_pipeline_median_ms: median(rows.map((r) => r.decode)),
  bare_zxing_same_transport_median_ms: median(out.frame.bareFrames),
  bare_zxing_decode_median_ms: out.frame.bare ? median(out.frame.bare.decode) : null,
  bare_zxing_with_pixel_readback_median_ms: out.frame.bare ? median(out.frame.bare.pixels) : null,
};
delete out.frame;

// ---- Verify-only: WASM core in Node vs the native CLI -------------------------------------------
const core = await loadCore();
const demoDir = path.join(path.dirname(site), 'demo-world');
const rootText = fs.readFileSync(path.join(demoDir, 'root.pub.json'), 'utf8');
const listText = fs.readFileSync(path.join(demoDir, 'trust-list.json'), 'utf8');
const now = Date.now() / 1000;
core.set_trust(rootText, listText, now);
const N = 2000;
for (let i = 0; i < 200; i++) core.assess(code, now, 'bench');
let t0 = performance.now();
for (let i = 0; i < N; i++) core.assess(code, now, 'bench');
const wasmUs = ((performance.now() - t0) * 1000) / N;
const cli = path.join(repoRoot, 'build', 'native', 'traceseal');
const nativeRun = (n) => {
  const input = `${code}\n`.repeat(n);
  const t = performance.now();
  execFileSync(cli, ['verify', '--json', '--root', path.join(demoDir, 'root.pub.json'),
    '--trust-list', path.join(demoDir, 'trust-list.json'), '-'], { input, stdio: ['pipe', 'ignore', 'inherit'] });
  return performance.now() - t;
};
const one = median([1, 2, 3].map(() => nativeRun(1)));
const many = median([1, 2, 3].map(() => nativeRun(N)));
out.verify_only_us = { wasm_node_assess_json: wasmUs, native_cli_per_code: ((many - one) * 1000) / (N - 1) };

const s = out.frame_summary;
console.log(JSON.stringify(out, null, 2));
console.log(`\nfirst visit: ${out.first_visit.files} files, ${(out.first_visit.bytes / 1024).toFixed(0)} KiB, ` +
            `${(out.first_visit.gzip_bytes / 1024).toFixed(0)} KiB gzip`);
console.log(`ready: first visit ${fmt(out.ready_ms.first_visit_median)} ms, repeat ${fmt(out.ready_ms.repeat_visit_median)} ms`);
console.log(`frame ${s.size}: frame->verdict ${fmt(s.frame_to_verdict_median_ms)} ms (worker ${fmt(s.worker_median_ms)}), ` +
            `bare zxing-wasm same transport ${fmt(s.bare_zxing_same_transport_median_ms)} ms, ` +
            `bare zxing-wasm decode ${fmt(s.bare_zxing_decode_median_ms)} ms, with pixel read-back ` +
            `${fmt(s.bare_zxing_with_pixel_readback_median_ms)} ms`);
console.log(`verify only: wasm ${fmt(out.verify_only_us.wasm_node_assess_json)} us, native ${fmt(out.verify_only_us.native_cli_per_code)} us`);
fs.writeFileSync(path.join(work, 'bench.json'), JSON.stringify(out, null, 2) + '\n');
