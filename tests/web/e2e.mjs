// End-to-end tests of the scanner page in Debian's headless chromium (playwright-core), per
// issue 3: label URLs and /?code= -> the manifest's expected_verdict (issue 5: the demo's status
// snapshots give codes in every lifecycle state; voided and resale-warning codes show their
// state in words), altered -> invalid, foreign text -> foreign, paste,
// gallery photo, fake camera -> genuine, offline reload, tampered trust list refused, same-origin
// CSP, and a request log in which no scan or verification carries a code.
// Usage: node tests/web/e2e.mjs [SITE_DIR]   (default build/wasm/site; needs /usr/bin/chromium, ffmpeg)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './core_node.mjs';

const require = createRequire(path.join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const siteSrc = path.resolve(process.argv[2] || path.join(repoRoot, 'build', 'wasm', 'site'));
const work = path.join(repoRoot, 'build', 'wasm', 'test-web');
const screens = path.join(work, 'screens');
const port = 18000 + (process.pid % 1000);
const origin = `http://127.0.0.1:${port}`;
export const kChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}

// A private copy of the site, so a test can tamper with its trust list.
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(screens, { recursive: true });
const site = path.join(work, 'site');
fs.cpSync(siteSrc, site, { recursive: true });
const manifest = JSON.parse(fs.readFileSync(path.join(site, 'demo', 'manifest.json'), 'utf8'));
const codes = manifest.codes;
const prefix = manifest.label_prefix;
const tokens = codes.map((c) => c.text.slice(prefix.length));
// Indices of codes by what the demo's status data makes of them (FORMAT.md §9.5, consumer).
const genuine = codes.map((c, i) => i).filter((i) => codes[i].expected_verdict === 'genuine');
const byState = (st) => codes.findIndex((c) => c.state === st);
if (genuine.length < 5 || byState('voided') < 0 || byState('picked_up') < 0) {
  throw new Error('the demo world needs >= 5 genuine codes and a voided and a picked_up one (traceseal demo --count 10)');
}

// The fake camera: a 1280x720 "photo" of the first label, slightly turned, on a grey desk.
const y4m = path.join(work, 'cam.y4m');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', path.join(site, 'demo', codes[0].label),
  '-vf', 'scale=-1:560,pad=iw+80:ih+80:40:40:white,rotate=4*PI/180:fillcolor=0x808080:ow=1280:oh=720,noise=alls=6',
  '-t', '2', '-r', '10', '-pix_fmt', 'yuv420p', y4m]);

const serverLog = path.join(work, 'requests.jsonl');
const server = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', site,
  '--port', String(port), '--log', serverLog], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...kChromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
         `--use-file-for-fake-video-capture=${y4m}`],
});

const browserRequests = [];   // every request the pages and workers make, as chromium reports it
const cspViolations = [];
const navigations = new Set();  // URLs we opened ourselves (the label's own URL is a navigation)

async function newContext(options) {
  const context = await browser.newContext({ permissions: ['camera'], ...options });
  context.on('request', (r) => browserRequests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  context.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  return context;
}

async function open(page, url) {
  navigations.add(url);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
}

async function verdictOf(page) {
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="verdict"]');
    return v && v.dataset.verdict !== 'pending';
  }, null, { timeout: 30000 });
  return page.getAttribute('[data-testid="verdict"]', 'data-verdict');
}

async function swReady(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

try {
  // ---- Mobile, Chinese ---------------------------------------------------------------------
  const mobile = await newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2,
                                    isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await mobile.newPage();
  check(codes[0].expected_verdict === 'genuine', 'demo code 1 (the fake camera\'s label) is genuine');
  await open(page, `${origin}/C/${tokens[0]}`);
  check(await verdictOf(page) === 'genuine', 'label URL of demo code 1 -> genuine');
  check((await page.textContent('[data-testid="state"]')).includes('已售出'), 'genuine sold code shows its state (已售出)');
  check(/状态数据日期/.test(await page.textContent('[data-testid="trust"]')), 'footer shows the status data date');
  check((await page.textContent('#reminder')).includes('关税未付'), 'genuine shows 关税未付 禁止倒卖');
  check(await page.getAttribute('html', 'lang') === 'zh-CN', 'zh-CN by default for a Chinese browser');
  check((await page.textContent('#live')).length > 0, 'ARIA live region announces the verdict');
  check(/2\d{3}-\d\d-\d\d/.test(await page.textContent('[data-testid="trust"]')), 'shows trust list as of <date>');
  await page.screenshot({ path: path.join(screens, 'mobile-genuine.png'), fullPage: true });
  await swReady(page);

  for (let i = 1; i < codes.length; i++) {
    await open(page, `${origin}/C/${tokens[i]}`);
    check(await verdictOf(page) === codes[i].expected_verdict,
          `label URL of demo code ${i + 1} (${codes[i].state}) -> ${codes[i].expected_verdict}`);
    check(await page.getAttribute('[data-testid="state"]', 'data-state') === codes[i].state,
          `  shows state ${codes[i].state}`);
    const shown = await page.$$eval('#reasons li', (els) => els.map((e) => e.dataset.reason));
    check(JSON.stringify(shown) === JSON.stringify(codes[i].expected_reasons), `  reasons ${shown.join(',') || '(none)'}`);
  }
  // The two a buyer most needs to understand, in words, with screenshots to look at.
  await open(page, `${origin}/C/${tokens[byState('voided')]}`);
  check(await verdictOf(page) === 'invalid', 'voided code -> invalid');
  check((await page.textContent('[data-testid="state"]')).includes('已作废'), 'voided: state 已作废 in words');
  check((await page.textContent('#reasons')).includes('作废'), 'voided: plain-language reason');
  check(await page.isHidden('#reminder'), 'voided: no genuine reminder');
  await page.screenshot({ path: path.join(screens, 'mobile-voided.png'), fullPage: true });
  await open(page, `${origin}/C/${tokens[byState('picked_up')]}`);
  check(await verdictOf(page) === 'warning', 'picked-up code in a selling context -> warning');
  check((await page.textContent('#reasons')).includes('倒卖'), 'resale warning says 倒卖 in plain words');
  check((await page.textContent('#reminder')).includes('禁止倒卖'), 'resale warning keeps 关税未付 禁止倒卖');
  await page.screenshot({ path: path.join(screens, 'mobile-resale.png'), fullPage: true });
  await open(page, `${origin}/?code=${encodeURIComponent(codes[0].text)}`);
  check(await verdictOf(page) === 'genuine', '/?code= with a demo code -> genuine');

  // One character changed, within the QR alphanumeric set.
  const t = tokens[1];
  const altered = prefix + t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41);
  await open(page, `${origin}/?code=${encodeURIComponent(altered)}`);
  check(await verdictOf(page) === 'invalid', 'altered code -> invalid');
  await page.screenshot({ path: path.join(screens, 'mobile-invalid.png'), fullPage: true });

  await open(page, `${origin}/?code=${encodeURIComponent('https://example.com/product/12345')}`);
  check(await verdictOf(page) === 'foreign', 'foreign QR text -> foreign');

  // Paste, photo and camera: the code must not appear in any request from here on.
  const mark = browserRequests.length;
  const markLog = fs.readFileSync(serverLog, 'utf8').length;
  await open(page, `${origin}/`);
  await page.fill('#paste', codes[genuine[1]].text);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  check(await verdictOf(page) === 'genuine', 'pasted code text (keyboard submit) -> genuine');

  await open(page, `${origin}/`);
  await page.setInputFiles('#photo', path.join(site, 'demo', codes[genuine[2]].label));
  check(await verdictOf(page) === 'genuine', 'gallery photo of a label -> genuine');

  await open(page, `${origin}/`);
  await page.click('[data-testid="scan"]');
  check(await verdictOf(page) === 'genuine', 'fake camera (.y4m of a label) -> scan -> genuine');
  const frames = await page.evaluate(() => (window.__tracesealStats || { frames: [] }).frames);
  check(frames.length >= 2, `camera accepted after ${frames.length} agreeing frames`);

  const later = browserRequests.slice(mark).concat(
    fs.readFileSync(serverLog, 'utf8').slice(markLog).split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  const leaks = later.filter((r) => tokens.some((tk) => (r.url || '').includes(tk) || (r.body || '').includes(tk)));
  check(leaks.length === 0, `paste/photo/camera made no request carrying a code (${later.length} requests)`);

  // ---- Offline ------------------------------------------------------------------------------
  await open(page, `${origin}/C/${tokens[genuine[3]]}`);
  await verdictOf(page);
  await mobile.setOffline(true);
  await page.reload();
  check(await verdictOf(page) === 'genuine', 'reload offline -> still genuine');
  const logBefore = fs.readFileSync(serverLog, 'utf8');
  await page.goto(`${origin}/C/${tokens[genuine[1]]}`);
  check(await verdictOf(page) === 'genuine', 'another label URL offline -> genuine');
  await page.goto(`${origin}/C/${tokens[byState('voided')]}`);
  check(await verdictOf(page) === 'invalid', 'voided code offline -> invalid (status data cached)');
  await mobile.setOffline(false);
  // With the service worker in charge, opening a label sends nothing, not even the token.
  await page.goto(`${origin}/C/${tokens[genuine[2]]}`);
  check(await verdictOf(page) === 'genuine', 'label URL online, served by the service worker -> genuine');
  const logAfter = fs.readFileSync(serverLog, 'utf8').slice(logBefore.length);
  check(!tokens.some((tk) => logAfter.includes(tk)), 'installed app: label URL navigation reached no server');

  // ---- Trust list refresh refuses a tampered list -------------------------------------------
  const listPath = path.join(site, 'trust', 'trust-list.json');
  const good = fs.readFileSync(listPath, 'utf8');
  fs.writeFileSync(listPath, good.replace(/"signature": "(.)/, (m, c) => `"signature": "${c === '0' ? '1' : '0'}`));
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('[data-testid="trust"]').dataset.state === 'refused',
                             null, { timeout: 15000 }).catch(() => {});
  check(await page.getAttribute('[data-testid="trust"]', 'data-state') === 'refused', 'tampered trust list refused');
  await page.reload();
  check(await verdictOf(page) === 'genuine', 'after refusing it, codes still verify with the held list');
  fs.writeFileSync(listPath, good);
  await mobile.close();

  // ---- Desktop, English, language switch ---------------------------------------------------
  const desktop = await newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const dpage = await desktop.newPage();
  await open(dpage, `${origin}/C/${tokens[genuine[4]]}`);
  check(await verdictOf(dpage) === 'genuine', 'desktop: label URL -> genuine');
  check(await dpage.getAttribute('html', 'lang') === 'en', 'English for an English browser');
  await dpage.screenshot({ path: path.join(screens, 'desktop-genuine-en.png'), fullPage: true });
  await dpage.click('#lang');
  check(await dpage.getAttribute('html', 'lang') === 'zh-CN', 'language switch -> zh-CN');
  await dpage.screenshot({ path: path.join(screens, 'desktop-genuine-zh.png'), fullPage: true });
  await open(dpage, `${origin}/C/${tokens[byState('picked_up')]}`);
  check(await verdictOf(dpage) === 'warning', 'desktop: resale warning');
  check(/picked up/.test(await dpage.textContent('[data-testid="state"]')) ||
        /提货/.test(await dpage.textContent('[data-testid="state"]')), 'desktop: state in words');
  // 200% zoom: the page reflows at half the CSS width without horizontal scrolling.
  await dpage.setViewportSize({ width: 640, height: 400 });
  const overflow = await dpage.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!overflow, '200% zoom (640 CSS px wide): no horizontal scrolling');
  await desktop.close();

  // ---- Whole-run request checks --------------------------------------------------------------
  const foreign = browserRequests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('blob:') &&
                                                 !r.url.startsWith('data:'));
  check(foreign.length === 0, `only same-origin requests (${browserRequests.length} seen)`);
  const carrying = browserRequests.filter((r) => tokens.some((tk) => r.url.includes(tk)) && !navigations.has(r.url));
  check(carrying.length === 0, 'no request carried a code except opening the label URL itself');
  check(cspViolations.length === 0, `no CSP violations ${cspViolations.slice(0, 2).join(' | ')}`);
} catch (e) {
  console.error(e);
  failures++;
} finally {
  await browser.close();
  server.kill();
}
console.log(failures ? `e2e: ${failures} failed` : 'e2e: all passed');
console.log(`screenshots in ${screens}`);
process.exit(failures ? 1 : 0);
