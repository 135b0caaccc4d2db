// Benchmark (not a test) of issue 11's targets: a label URL on an emulated phone, first visit
// (bytes transferred and navigation -> verdict), then a warm repeat (service worker) and an
// offline repeat; min/median/max of N runs, each in a fresh browser context.
// Two ways to slow the phone down, because Chromium's CDP CPU throttling does not reach workers
// (and the core runs in one):
//   --mode cdp    CDP Network.emulateNetworkConditions (150 ms, 1.6 Mbps down, 0.75 up) and
//                 Emulation.setCPUThrottlingRate 4 on the page target;
//   --mode proxy  a throttling reverse proxy (one shared 1.6 Mbps link, 150 ms per request, one
//                 more RTT per new connection) and chromium in a CPU cgroup capped at 25 % of one
//                 core (cgroup v1 cpu.cfs_quota_us, taskset -c 0) — the whole browser, workers too.
//   --mode none   no throttling (this machine's baseline).
// --cpu PERCENT (proxy mode; default 25): the cgroup's share of one core; 0 = no CPU limit.
// Usage: node tests/web/bench_first_visit.mjs [--mode cdp|proxy|none] [--cpu 25] [--runs 5] [SITE_DIR]
// Writes build/wasm/bench/first-visit-<mode>[-cpuN].json.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './core_node.mjs';

const require = createRequire(path.join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const mode = opt('mode', 'cdp');
const runs = Number(opt('runs', '5'));
const cpuPercent = Number(opt('cpu', '25'));
const site = path.resolve(argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--')) ||
                          path.join(repoRoot, 'build', 'wasm', 'site'));
const out = path.join(repoRoot, 'build', 'wasm', 'bench');
fs.mkdirSync(out, { recursive: true });
const kRttMs = 150, kDownBytesPerS = 1.6e6 / 8;

const manifest = JSON.parse(fs.readFileSync(path.join(site, 'demo', 'manifest.json'), 'utf8'));
const tokens = manifest.codes.map((c) => c.text.slice(manifest.label_prefix.length));
const upstreamPort = 19100 + (process.pid % 400), proxyPort = upstreamPort + 500;
const serverLog = path.join(out, `first-visit-${mode}-requests.jsonl`);
fs.rmSync(serverLog, { force: true });
const server = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', site,
  '--port', String(upstreamPort), '--log', serverLog], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((r) => server.stdout.once('data', r));
// Warm serve.mjs's compressed copies (brotli 11 of the 300 KB module takes a second or more the
// first time), so run 1 measures the link, not the compressor.
for (const f of JSON.parse(fs.readFileSync(path.join(site, 'build-info.json'), 'utf8')).shell) {
  await fetch(`http://127.0.0.1:${upstreamPort}/${f}`, { headers: { 'accept-encoding': 'br, gzip' } }).then((r) => r.arrayBuffer());
}
fs.writeFileSync(serverLog, '');
const logLines = () => fs.readFileSync(serverLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// The shared link: every response byte waits for the link to be free (one queue for all).
let linkFreeAt = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let offline = false;
const proxy = http.createServer(async (req, res) => {
  if (offline) { req.socket.destroy(); return; }
  const fresh = !req.socket.__seen;
  req.socket.__seen = true;
  await sleep(kRttMs / 2 + (fresh ? kRttMs : 0));
  const up = http.request({ host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method,
                            headers: req.headers }, async (ur) => {
    const chunks = [];
    for await (const c of ur) chunks.push(c);
    const body = Buffer.concat(chunks);
    await sleep(kRttMs / 2);
    res.writeHead(ur.statusCode, ur.headers);
    for (let o = 0; o < body.length; o += 1460) {
      const chunk = body.subarray(o, o + 1460);
      const now = performance.now();
      linkFreeAt = Math.max(linkFreeAt, now) + (chunk.length / kDownBytesPerS) * 1000;
      await sleep(linkFreeAt - now);
      res.write(chunk);
    }
    res.end();
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
});
if (mode === 'proxy') await new Promise((r) => proxy.listen(proxyPort, '127.0.0.1', r));
const origin = `http://127.0.0.1:${mode === 'proxy' ? proxyPort : upstreamPort}`;

// Chromium in a CPU cgroup (proxy mode): a wrapper joins the cgroup, then execs chromium on core 0.
let executablePath = '/usr/bin/chromium';
const cgroup = '/sys/fs/cgroup/cpu/traceseal-bench';
if (mode === 'proxy' && cpuPercent > 0) {
  fs.mkdirSync(cgroup, { recursive: true });
  fs.writeFileSync(path.join(cgroup, 'cpu.cfs_period_us'), '100000');
  fs.writeFileSync(path.join(cgroup, 'cpu.cfs_quota_us'), String(cpuPercent * 1000));
  executablePath = path.join(out, 'chromium-cpu-limited.sh');
  fs.writeFileSync(executablePath, `#!/bin/sh\necho $$ > ${cgroup}/cgroup.procs\nexec taskset -c 0 /usr/bin/chromium "$@"\n`);
  fs.chmodSync(executablePath, 0o755);
}
const browser = await chromium.launch({ executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'] });

async function throttle(page) {
  if (mode !== 'cdp') return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: kRttMs,
    downloadThroughput: kDownBytesPerS, uploadThroughput: 0.75e6 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function verdictMs(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('traceseal-verdict').length > 0, null, { timeout: 120000 });
  return page.evaluate(() => performance.getEntriesByName('traceseal-verdict')[0].startTime);
}

const results = { first: [], bytes: [], requests: [], warm: [], offline: [] };
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true,
                                         hasTouch: true, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await throttle(page);
  const mark = logLines().length;
  results.first.push(await verdictMs(page, `${origin}/C/${tokens[i % tokens.length]}`));
  const first = logLines().slice(mark);
  results.bytes.push(first.reduce((n, r) => n + r.bytes, 0));
  results.requests.push(first.length);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForTimeout(300);
  await page.close();
  // Repeats open a new tab, as a phone's camera app does with the next label's URL.
  const warm = await ctx.newPage();
  await throttle(warm);
  results.warm.push(await verdictMs(warm, `${origin}/C/${tokens[(i + 1) % tokens.length]}`));
  await warm.close();
  if (mode === 'proxy') offline = true; else await ctx.setOffline(true);
  const off = await ctx.newPage();
  await throttle(off);
  results.offline.push(await verdictMs(off, `${origin}/C/${tokens[(i + 2) % tokens.length]}`));
  offline = false;
  await ctx.close();
}
await browser.close();
server.kill();
proxy.close();
if (mode === 'proxy' && cpuPercent > 0) { try { fs.rmdirSync(cgroup); } catch { /* chromium's processes may linger a moment */ } }

const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] }; };
const report = { mode, cpu_percent: mode === 'proxy' ? cpuPercent : null, runs, load_average: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  first_visit_ms: stats(results.first), first_visit_kib: stats(results.bytes.map((b) => b / 1024)),
  first_visit_requests: stats(results.requests), warm_repeat_ms: stats(results.warm), offline_repeat_ms: stats(results.offline),
  raw: results };
fs.writeFileSync(path.join(out, `first-visit-${mode}${mode === 'proxy' ? '-cpu' + cpuPercent : ''}.json`), JSON.stringify(report, null, 2) + '\n');
const f = (s, d = 0) => `${s.min.toFixed(d)} / ${s.median.toFixed(d)} / ${s.max.toFixed(d)}`;
console.log(`${mode}${mode === 'proxy' ? ` (cpu ${cpuPercent || 'unlimited'})` : ''}: ${runs} runs (load ${report.load_average}); min / median / max`);
console.log(`  first visit: ${f(report.first_visit_ms)} ms, ${f(report.first_visit_kib, 1)} KiB, ${f(report.first_visit_requests)} requests`);
console.log(`  warm repeat: ${f(report.warm_repeat_ms)} ms; offline repeat: ${f(report.offline_repeat_ms)} ms`);
