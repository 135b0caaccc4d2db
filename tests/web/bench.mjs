// Benchmarks for docs/WEB.md and docs/PERFORMANCE.md (figures, not a timed test): first-visit page
// weight (gzip), time from navigation to ready, frame -> verdict on 1280x720 and 1920x1080 frames
// against bare zxing-wasm and @zxing/library on the same frames in the same run
// (bench_frames.mjs), and verify-only time in WASM (Node) vs native.
// Usage: node tests/web/bench.mjs [SITE_DIR]   (after scripts/test-web.sh has built everything)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { measureFrames } from './bench_frames.mjs';
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

  // Frame -> verdict through the page's worker vs the two baselines (own server and origin).
  out.frame = await measureFrames({ browser, site, work, label: manifest.codes[0].label, code,
                                    port: port + 1 });
} finally {
  await browser.close();
  server.kill();
}

// ---- Verify-only: WASM core in Node vs the native CLI -------------------------------------------
const core = await loadCore();
const demoDir = path.join(path.dirname(site), 'demo-world');
const rootText = fs.readFileSync(path.join(demoDir, 'root.pub.json'), 'utf8');
const listText = fs.readFileSync(path.join(demoDir, 'trust-list.json'), 'utf8');
// The demo world's own clock (its manifest's), as the CLI's --at below: not today's date, past
// which the demo's snapshots would be stale and the figure would time another path.
const now = Date.parse(manifest.clock) / 1000;
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
  execFileSync(cli, ['verify', '--json', '--no-state', '--at', manifest.clock,
    '--root', path.join(demoDir, 'root.pub.json'), '--trust-list', path.join(demoDir, 'trust-list.json'), '-'],
  { input, stdio: ['pipe', 'ignore', 'inherit'] });
  return performance.now() - t;
};
const one = median([1, 2, 3].map(() => nativeRun(1)));
const many = median([1, 2, 3].map(() => nativeRun(N)));
out.verify_only_us = { wasm_node_assess_json: wasmUs, native_cli_per_code: ((many - one) * 1000) / (N - 1) };

console.log(JSON.stringify(out, null, 2));
console.log(`\nfirst visit: ${out.first_visit.files} files, ${(out.first_visit.bytes / 1024).toFixed(0)} KiB, ` +
            `${(out.first_visit.gzip_bytes / 1024).toFixed(0)} KiB gzip`);
console.log(`ready: first visit ${fmt(out.ready_ms.first_visit_median)} ms, repeat ${fmt(out.ready_ms.repeat_visit_median)} ms`);
const la = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
const span = (st) => (st ? `${fmt(st.median)} [${fmt(st.p25)}-${fmt(st.p75)}]` : '-');
console.log(`\nframe -> result, ms, median [p25-p75] of ${out.frame.n} interleaved; load average ` +
            `${la(out.frame.load_average.before)} before, ${la(out.frame.load_average.after)} after`);
console.log(['frame', 'reader', 'round trip', 'in worker', 'decoder alone', 'read'].join('\t'));
for (const f of out.frame.frames) {
  for (const [name, r] of Object.entries(f.readers)) {
    console.log([f.size, name, span(r.total_ms), span(r.worker_ms), span(r.decode_only_ms),
                 `${r.correct}/${out.frame.n}${r.verdicts.length ? ` ${r.verdicts.join(',')}` : ''}`].join('\t'));
  }
}
console.log(`verify only: wasm ${fmt(out.verify_only_us.wasm_node_assess_json)} us, native ${fmt(out.verify_only_us.native_cli_per_code)} us`);
fs.writeFileSync(path.join(work, 'bench.json'), JSON.stringify(out, null, 2) + '\n');
