// Frame -> result in headless Chromium for tests/web/bench.mjs: the page's worker (zxing-wasm +
// core, frame -> verdict) against bare zxing-wasm (camera preset) and @zxing/library's pure-JS
// QR reader, on the same 720p and 1080p frames, interleaved per iteration in one page.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './core_node.mjs';

const kReaders = ['ours', 'zxing-wasm', 'zxing-js'];
const kSizes = [[1280, 720], [1920, 1080]];

// A demo label on grey, rotated 4°, the label 78 % of the frame height (as a phone held close).
function makeFrame(site, label, work, [w, h]) {
  const file = path.join(work, `frame-${w}x${h}.png`);
  const labelH = Math.round((h * 560) / 720), pad = Math.round((h * 40) / 720);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', path.join(site, 'demo', label), '-vf',
    `scale=-1:${labelH},pad=iw+${2 * pad}:ih+${2 * pad}:${pad}:${pad}:white,` +
    `rotate=4*PI/180:fillcolor=0x808080:ow=${w}:oh=${h}`, '-frames:v', '1', file]);
  return file;
}

// A copy of the site plus /bench/ (empty page, the baselines' worker, @zxing/library's UMD build
// from node_modules), so everything is same-origin under the site's CSP and no CDN is involved.
function assembleBenchSite(site, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(site, dir, { recursive: true });
  const lib = path.join(repoRoot, 'web', 'node_modules', '@zxing', 'library');
  fs.mkdirSync(path.join(dir, 'bench', 'vendor', 'zxing-library'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'tests', 'web', 'bench.html'), path.join(dir, 'bench', 'index.html'));
  // The site's zxing-wasm directory carries its version (build_site.mjs): point the baseline at it.
  const { zxing_dir: zxingDir } = JSON.parse(fs.readFileSync(path.join(site, 'build-info.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'bench', 'bench_readers.js'),
    fs.readFileSync(path.join(repoRoot, 'tests', 'web', 'bench_readers.js'), 'utf8').replaceAll('vendor/zxing-wasm/', `${zxingDir}/`));
  for (const f of ['umd/index.min.js', 'LICENSE']) {
    fs.copyFileSync(path.join(lib, f), path.join(dir, 'bench', 'vendor', 'zxing-library', path.basename(f)));
  }
}

// In the page: both workers up, then per iteration one frame through each reader, the order
// rotating through all six permutations so machine load hits the three alike.
async function runInPage({ frames, n, warmup, expected }) {
  const start = (url, type) => {
    const w = new Worker(url, { type });
    let id = 0;
    return (op, payload = {}, transfer = []) => new Promise((resolve, reject) => {
      const my = ++id;
      const on = ({ data }) => {
        if (data.id !== my) return;
        w.removeEventListener('message', on);
        if (data.ok) resolve(data); else reject(new Error(`${op}: ${data.error}`));
      };
      w.addEventListener('message', on);
      w.postMessage({ id: my, op, ...payload }, transfer);
    });
  };
  const ours = start(new URL('/worker.js', location.href), 'module');
  const base = start(new URL('/bench/bench_readers.js', location.href), 'module');
  await Promise.all([ours('init'), base('init')]);
  const kOrders = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];
  const readers = ['ours', 'zxing-wasm', 'zxing-js'];
  const results = [];
  for (const png of frames) {
    const bytes = Uint8Array.from(atob(png), (ch) => ch.charCodeAt(0));
    const source = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const rows = Object.fromEntries(readers.map((r) => [r, []]));
    for (let i = 0; i < warmup + n; i++) {
      for (const k of kOrders[i % kOrders.length]) {
        const reader = readers[k];
        const t0 = performance.now();
        const bitmap = await createImageBitmap(source);  // as the camera loop takes a frame
        const r = reader === 'ours' ? await ours('frame', { bitmap }, [bitmap])
                                    : await base('frame', { bitmap, reader }, [bitmap]);
        const total = performance.now() - t0;
        if (i < warmup) continue;
        const text = reader === 'ours' ? r.results[0].text : (r.texts[0] ?? '');
        rows[reader].push({ total, worker: r.totalMs, decode: reader === 'ours' ? null : r.decodeMs,
                            correct: text === expected,
                            verdict: reader === 'ours' ? r.results[0].assessment.verdict : null });
      }
    }
    results.push({ width: source.width, height: source.height, rows });
    source.close();
  }
  return results;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs) => ({ median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75),
                         min: quantile(xs, 0), max: quantile(xs, 1) });

// -> {load_average: {before, after}, n, frames: [{size, readers: {ours|zxing-wasm|zxing-js:
//    {total_ms, worker_ms, decode_only_ms: stats, correct, verdicts}}}]}. total: the page's round
//    trip (ImageBitmap, transfer, worker); worker: inside the worker (read-back, decode [, verify]);
//    decode_only: the decoder alone (baselines only; worker.js does not split its read-back out).
export async function measureFrames({ browser, site, work, label, code, port, n = 40 }) {
  const frames = kSizes.map((size) => makeFrame(site, label, work, size));
  const dir = path.join(work, 'frame-site');
  assembleBenchSite(site, dir);
  const server = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', dir,
    '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  const before = os.loadavg();
  let raw;
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/`);
    raw = await page.evaluate(runInPage, {
      frames: frames.map((f) => fs.readFileSync(f).toString('base64')), n, warmup: 5, expected: code });
    await ctx.close();
  } finally {
    server.kill();
  }
  return {
    load_average: { before, after: os.loadavg() },
    n,
    frames: raw.map(({ width, height, rows }) => ({
      size: `${width}x${height}`,
      readers: Object.fromEntries(kReaders.map((r) => [r, {
        total_ms: stats(rows[r].map((x) => x.total)),
        worker_ms: stats(rows[r].map((x) => x.worker)),
        decode_only_ms: r === 'ours' ? null : stats(rows[r].map((x) => x.decode)),
        correct: rows[r].filter((x) => x.correct).length,
        verdicts: [...new Set(rows[r].map((x) => x.verdict).filter(Boolean))],
      }])),
    })),
  };
}
