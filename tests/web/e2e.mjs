// End-to-end tests of the scanner page in Debian's headless chromium (playwright-core): issues 3,
// 5 and 11. Label URLs and /?code= -> the manifest's expected verdicts, states and reasons, with
// a headline that says the finding, a next step, the check time and the duty-free reminder as
// information; typed printed numbers (§6.3) of a sold and of a voided code; ?code= with '+' turned
// into a space and a bare token; truncated and extra-path label URLs; a file that is not an image;
// the old verdict cleared as soon as a scan starts; camera errors in words; several codes worst
// first; the first visit compressed and under 250 KB with the camera decoder not loaded; the
// service worker filled without a second download; /trust/* hanging or answering HTML after
// install never blocking a verdict nor replacing the verified data; offline; a tampered trust
// list refused; same-origin CSP; no request carrying a code; 200 % zoom on a phone; and
// screenshots of every verdict at 390x844 in zh-CN and en (build/wasm/test-web/screens/).
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
const kFirstVisitBudget = 250 * 1024;

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
const numberOf = (i) => codes[i].code_number;
// Indices of codes by what the demo's status data makes of them (FORMAT.md §9.5, consumer).
const genuine = codes.map((c, i) => i).filter((i) => codes[i].expected_verdict === 'genuine');
const byState = (st) => codes.findIndex((c) => c.state === st);
if (genuine.length < 5 || byState('voided') < 0 || byState('picked_up') < 0 || byState('sold') < 0) {
  throw new Error('the demo world needs >= 5 genuine codes and a sold, a voided and a picked_up one');
}

// The fake camera: a 1280x720 "photo" of the first label, slightly turned, on a grey desk.
const y4m = path.join(work, 'cam.y4m');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', path.join(site, 'demo', codes[0].label),
  '-vf', 'scale=-1:560,pad=iw+80:ih+80:40:40:white,rotate=4*PI/180:fillcolor=0x808080:ow=1280:oh=720,noise=alls=6',
  '-t', '2', '-r', '10', '-pix_fmt', 'yuv420p', y4m]);
// One photo with two labels (a genuine one and a voided one) and a blank photo.
const twoLabels = path.join(work, 'two-labels.png');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', path.join(site, 'demo', codes[genuine[1]].label),
  '-i', path.join(site, 'demo', codes[byState('voided')].label), '-filter_complex',
  '[0]scale=-1:500,pad=iw+60:ih+60:30:30:white[a];[1]scale=-1:500,pad=iw+60:ih+60:30:30:white[b];[a][b]hstack', twoLabels]);
const blank = path.join(work, 'blank.png');
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xd0d0d0:s=640x480', '-frames:v', '1', blank]);

const serverLog = path.join(work, 'requests.jsonl');
const faultsFile = path.join(work, 'faults.json');
const setFaults = (f) => fs.writeFileSync(faultsFile, JSON.stringify(f));
setFaults({});
const server = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', site,
  '--port', String(port), '--log', serverLog, '--faults', faultsFile], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));
const logLines = () => fs.readFileSync(serverLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...kChromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
         `--use-file-for-fake-video-capture=${y4m}`],
});

const browserRequests = [];   // every request the pages and workers make, as chromium reports it
const cspViolations = [];
const pageErrors = [];
const navigations = new Set();  // URLs we opened ourselves (the label's own URL is a navigation)

async function newContext(options) {
  const context = await browser.newContext({ permissions: ['camera'], ...options });
  context.on('request', (r) => browserRequests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  context.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(e.message)));
  return context;
}

async function open(page, url) {
  navigations.add(url);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
}

// The result area's phase: 'result' (a verdict) or 'notice' (a message that is not a verdict).
async function settled(page) {
  await page.waitForFunction(() => ['result', 'notice'].includes(document.querySelector('#result').dataset.phase),
                             null, { timeout: 60000 });
  return page.getAttribute('#result', 'data-phase');
}
async function verdictOf(page) {
  await settled(page);
  return page.getAttribute('[data-testid="verdict"]', 'data-verdict');
}
const findingOf = (page) => page.getAttribute('[data-testid="verdict"]', 'data-finding');
const headline = (page) => page.textContent('#verdict-word');

async function swReady(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 }).catch(() => {});
}

async function typeCode(page, text) {
  await page.fill('#paste', text);
  await page.click('#paste-submit');
  return verdictOf(page);
}

try {
  // ---- First visit: a label URL, light and compressed ----------------------------------------
  const mobile = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                    isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await mobile.newPage();
  check(codes[0].expected_verdict === 'genuine' && codes[0].state === 'sold', 'demo code 1 (the fake camera\'s label) is genuine and sold');
  await open(page, `${origin}/C/${tokens[0]}`);
  check(await verdictOf(page) === 'genuine', 'label URL of demo code 1 -> genuine');
  const first = logLines();
  const firstBytes = first.reduce((n, r) => n + r.bytes, 0);
  check(firstBytes < kFirstVisitBudget, `first visit to the verdict: ${first.length} requests, ${(firstBytes / 1024).toFixed(1)} KiB compressed (< 250 KiB)`);
  check(!first.some((r) => r.url.includes('zxing')), 'first visit to a label URL does not load the camera decoder');
  check(first.filter((r) => /\.(wasm|js|mjs)$/.test(r.url.split('?')[0])).every((r) => r.encoding === 'br'),
        'scripts and WASM arrive brotli-compressed');
  check(first.every((r) => r.status === 200 || r.status === 304), 'every first-visit request answered (200 or 304)');
  check(first.filter((r) => r.url === '/trust/trust-list.json').length === 1, 'first visit fetches the trust list once');
  check(await headline(page) === '正品：溯源码真实有效', 'headline says the finding');
  check((await page.textContent('[data-testid="state"]')).includes('已售出'), 'genuine sold code shows its state (已售出)');
  check(await page.isVisible('[data-testid="next"]'), 'next step shown');
  check(await page.isVisible('[data-testid="reminder"]') && (await page.textContent('#reminder')).includes('关税未付'),
        'genuine shows 关税未付 禁止倒卖');
  const reminderColour = await page.$eval('#reminder', (el) => getComputedStyle(el).color);
  const invalidColour = await page.evaluate(() => {
    const d = document.createElement('div'); d.style.color = 'var(--invalid)'; document.body.append(d);
    const c = getComputedStyle(d).color; d.remove(); return c;
  });
  check(reminderColour !== invalidColour, `reminder styled as information (${reminderColour}), not in the invalid colour`);
  check(/验证时间：\d{4}-\d\d-\d\d \d\d:\d\d/.test(await page.textContent('#checked-at')), 'check time shown');
  const footer = await page.textContent('[data-testid="trust"]');
  check(/验证数据更新于 2\d{3}-\d\d-\d\d/.test(footer) && footer.includes('商品状态更新于'), 'footer: data dates in plain words');
  const allText = await page.textContent('main');
  check(!/号段|信任列表|第 \d+ 版|经营主体 \d/.test(allText + footer), 'no jargon (号段, 信任列表, 第 N 版) and no bare operator ids');
  check(await page.getAttribute('html', 'lang') === 'zh-CN', 'zh-CN by default for a Chinese browser');
  check((await page.textContent('#live')).includes('正品'), 'ARIA live region announces the verdict');
  const mark = logLines().length;
  await swReady(page);
  await page.waitForTimeout(500);
  const afterSw = logLines().slice(mark).filter((r) => !r.url.startsWith('/sw.js'));
  check(afterSw.length === 0, `service worker filled its cache from the HTTP cache (${afterSw.map((r) => r.url).join(', ') || 'no second download'})`);

  for (let i = 1; i < codes.length; i++) {
    await open(page, `${origin}/C/${tokens[i]}`);
    check(await verdictOf(page) === codes[i].expected_verdict,
          `label URL of demo code ${i + 1} (${codes[i].state}) -> ${codes[i].expected_verdict}`);
    check(await page.getAttribute('[data-testid="state"]', 'data-state') === codes[i].state, `  shows state ${codes[i].state}`);
    const shown = await page.$$eval('#reasons li', (els) => els.map((e) => e.dataset.reason));
    check(JSON.stringify(shown) === JSON.stringify(codes[i].expected_reasons), `  reasons ${shown.join(',') || '(none)'}`);
    const wantReminder = codes[i].expected_verdict !== 'invalid';
    check(await page.isVisible('#reminder') === wantReminder, `  reminder ${wantReminder ? 'shown' : 'hidden'} (authentic and not invalid)`);
  }
  await open(page, `${origin}/C/${tokens[byState('voided')]}`);
  check(await verdictOf(page) === 'invalid' && await findingOf(page) === 'code_voided', 'voided code -> invalid, headline 已作废');
  check((await headline(page)).includes('已作废'), 'voided: headline says 已作废');
  check((await page.textContent('[data-testid="next"]')).includes('请勿购买'), 'voided: next step says do not buy');
  const voidedFields = await page.textContent('#fields');
  check(/免税/.test(voidedFields) && !/经营主体/.test(voidedFields), `voided (authentic): the shop by name (${voidedFields.replace(/\s+/g, ' ').slice(0, 60)})`);
  check(await page.isHidden('#reminder'), 'voided: no reminder');
  await open(page, `${origin}/C/${tokens[byState('picked_up')]}`);
  check(await verdictOf(page) === 'warning', 'picked-up code in a selling context -> warning');
  check(await headline(page) === '注意：此商品已售出并提货，谨防倒卖', 'resale: the headline is the resale sentence');
  check((await page.textContent('#reminder')).includes('禁止倒卖'), 'resale warning keeps 关税未付 禁止倒卖');
  check((await page.textContent('[data-testid="next"]')).includes('12345'), 'resale: says how to report');
  await open(page, `${origin}/?code=${encodeURIComponent(codes[0].text)}`);
  check(await verdictOf(page) === 'genuine', '/?code= with a demo code -> genuine');
  // '+' left unencoded turns into a space; spaces around the text; a bare token.
  const plusToken = tokens.findIndex((t, i) => t.includes('+') && codes[i].expected_verdict === 'genuine');
  if (plusToken >= 0) {
    await open(page, `${origin}/?code=%20${codes[plusToken].text.replace(/\//g, '%2F').replace(/:/g, '%3A')}%20%0A`);
    check(await verdictOf(page) === 'genuine', '/?code= with an unencoded "+" (read as a space) and whitespace -> genuine');
  } else {
    check(false, 'no genuine demo token contains "+" to test ?code= with');
  }
  await open(page, `${origin}/?code=${encodeURIComponent(tokens[genuine[1]])}`);
  check(await verdictOf(page) === 'genuine', '/?code= with a bare token -> genuine');

  // Truncated and extra-path label URLs say the link is incomplete.
  await open(page, `${origin}/C/${tokens[0].slice(0, 120)}`);
  check(await settled(page) === 'notice' && await page.getAttribute('#result', 'data-notice') === 'linkIncomplete',
        'truncated label URL -> "link incomplete", not the empty start page');
  check((await headline(page)).includes('链接不完整'), '  in words');
  await open(page, `${origin}/C/${tokens[0]}/extra`);
  check(await page.getAttribute('#result', 'data-notice') === 'linkIncomplete', 'label URL with an extra path segment -> "link incomplete"');

  // One character changed, within the QR alphanumeric set.
  const t = tokens[1];
  const altered = prefix + t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41);
  await open(page, `${origin}/?code=${encodeURIComponent(altered)}`);
  check(await verdictOf(page) === 'invalid', 'altered code -> invalid');
  check(await page.isHidden('#reminder'), 'altered: no reminder');
  // One spelling (FORMAT.md §3.5, issue 10): the page never upper-cases a token the CLI refuses.
  await open(page, `${origin}/?code=${encodeURIComponent(prefix + tokens[1].toLowerCase())}`);
  check(await verdictOf(page) === 'invalid', 'lowercase token -> invalid, as in the CLI');
  const lowerReasons = await page.$$eval('#reasons li', (els) => els.map((e) => e.dataset.reason));
  check(JSON.stringify(lowerReasons) === '["token_bad_character"]', `  reasons ${lowerReasons.join(',')}`);
  await open(page, `${origin}/?code=${encodeURIComponent('https://example.com/product/12345')}`);
  check(await verdictOf(page) === 'foreign', 'foreign QR text -> foreign');

  // Paste, typed numbers, photo and camera: the code must not appear in any request from here on.
  const markReq = browserRequests.length;
  const markLog = logLines().length;
  await open(page, `${origin}/`);
  await page.fill('#paste', codes[genuine[1]].text);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  check(await verdictOf(page) === 'genuine', 'pasted code text (keyboard submit) -> genuine');
  // Typed printed numbers (FORMAT.md §6.3): never genuine; the state from the status data.
  const sold = byState('sold');
  check(await typeCode(page, ` ${numberOf(sold)} `) === 'warning', `typed number of a sold code (${numberOf(sold)}) -> warning, never genuine`);
  check(await findingOf(page) === 'number' && (await headline(page)).includes('仅凭编号'), '  headline: a number alone proves nothing');
  check((await page.textContent('[data-testid="state"]')).includes('已售出'), '  its state from the signed status data (已售出)');
  check((await page.textContent('[data-testid="next"]')).includes('扫描'), '  next step: scan the QR code');
  check(await page.isHidden('#reminder'), '  no reminder (nothing authentic was checked)');
  await page.screenshot({ path: path.join(screens, 'phone-zh-CN-number-sold.png'), fullPage: true });
  check(await typeCode(page, numberOf(byState('voided'))) === 'invalid', `typed number of a voided code (${numberOf(byState('voided'))}) -> invalid`);
  check(await findingOf(page) === 'number_voided', '  headline: this number was voided');
  check(await typeCode(page, '00000300-00000001') === 'invalid', 'typed number in an untrusted segment -> invalid');

  await open(page, `${origin}/`);
  const markZx = logLines().length;
  await page.setInputFiles('#photo', path.join(site, 'demo', codes[genuine[2]].label));
  check(await verdictOf(page) === 'genuine', 'gallery photo of a label -> genuine');
  check(logLines().slice(markZx).some((r) => r.url.includes('zxing_reader.wasm')) ||
        browserRequests.slice(markReq).some((r) => r.url.includes('zxing_reader.wasm')), 'the decoder loads when a photo is used');
  await page.setInputFiles('#photo', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  check(await settled(page) === 'notice' && await page.getAttribute('#result', 'data-notice') === 'notImage',
        'a file that is not an image -> says so');
  await page.setInputFiles('#photo', twoLabels);
  check(await verdictOf(page) === 'invalid', 'photo with a genuine and a voided label -> the worst (invalid) first');
  check(await page.$$eval('#more-results .card', (els) => els.map((e) => e.dataset.verdict).join(',')) === 'genuine',
        '  the genuine one listed after it');
  await page.screenshot({ path: path.join(screens, 'phone-zh-CN-two-codes.png'), fullPage: true });

  // Stale verdict: starting a scan clears the one on screen at once.
  await open(page, `${origin}/`);
  await typeCode(page, codes[genuine[3]].text);
  check(await page.getAttribute('[data-testid="verdict"]', 'data-verdict') === 'genuine', 'a genuine verdict on screen');
  await page.click('[data-testid="scan"]');
  const during = await page.evaluate(() => ({ verdict: document.querySelector('[data-testid="verdict"]').dataset.verdict,
    phase: document.querySelector('#result').dataset.phase, word: document.querySelector('#verdict-word').textContent,
    reminder: document.querySelector('#reminder').hidden }));
  check(during.verdict === 'pending' && during.phase === 'scanning' && !during.word.includes('正品') && during.reminder,
        `scan start clears the old verdict at once (${during.phase}: ${during.word})`);
  check(await page.isVisible('.viewfinder span'), 'a viewfinder frame is drawn over the camera view');
  check(await verdictOf(page) === 'genuine', 'fake camera (.y4m of a label) -> scan -> genuine');
  const frames = await page.evaluate(() => (window.__tracesealStats || { frames: [] }).frames);
  check(frames.length >= 2, `camera accepted after ${frames.length} agreeing frames`);

  const later = browserRequests.slice(markReq).concat(logLines().slice(markLog));
  const leaks = later.filter((r) => tokens.some((tk) => (r.url || '').includes(tk) || (r.body || '').includes(tk)) ||
                                    codes.some((c, i) => (r.url || '').includes(numberOf(i))));
  check(leaks.length === 0, `paste/number/photo/camera made no request carrying a code (${later.length} requests)`);

  // ---- Offline ------------------------------------------------------------------------------
  await open(page, `${origin}/C/${tokens[genuine[3]]}`);
  await verdictOf(page);
  await mobile.setOffline(true);
  await page.reload();
  check(await verdictOf(page) === 'genuine', 'reload offline -> still genuine');
  const logBefore = logLines().length;
  await page.goto(`${origin}/C/${tokens[genuine[1]]}`);
  check(await verdictOf(page) === 'genuine', 'another label URL offline -> genuine');
  await page.goto(`${origin}/C/${tokens[byState('voided')]}`);
  check(await verdictOf(page) === 'invalid', 'voided code offline -> invalid (status data held)');
  await page.waitForSelector('[data-testid="network"]:not([hidden])', { timeout: 15000 }).catch(() => {});
  const offlineNote = await page.textContent('[data-testid="network"]');
  check(/未能更新验证数据/.test(offlineNote) && !/fetch/i.test(offlineNote), `offline refresh: localised message (${offlineNote.trim().slice(0, 40)}…) and a retry`);
  await mobile.setOffline(false);
  await page.goto(`${origin}/C/${tokens[genuine[2]]}`);
  check(await verdictOf(page) === 'genuine', 'label URL online, served by the service worker -> genuine');
  check(!logLines().slice(logBefore).some((r) => tokens.some((tk) => r.url.includes(tk))), 'installed app: label URL navigation reached no server');

  // ---- /trust/* hanging or answering HTML after install --------------------------------------
  setFaults({ trust: 'hang' });
  const t0 = Date.now();
  await page.goto(`${origin}/C/${tokens[genuine[4]]}`);
  const hungVerdict = await verdictOf(page);
  const hungMs = Date.now() - t0;
  check(hungVerdict === 'genuine' && hungMs < 5000, `/trust/* hanging: verdict from held data at once (${hungMs} ms)`);
  await page.waitForFunction(() => document.querySelector('[data-testid="network"]').dataset.state === 'failed', null, { timeout: 20000 }).catch(() => {});
  const hungNote = await page.textContent('[data-testid="network"]');
  check(hungNote.includes('网络超时') && await page.isVisible('#network-retry'), `  the background refresh times out in words, with a retry (${hungNote.trim().slice(0, 30)}…)`);
  check(await page.isEnabled('[data-testid="scan"]'), '  the scan button is not held up');
  setFaults({ trust: 'html' });
  await page.click('#network-retry');
  await page.waitForFunction(() => document.querySelector('[data-testid="network"]').dataset.state === 'refused', null, { timeout: 20000 }).catch(() => {});
  check(await page.getAttribute('[data-testid="network"]', 'data-state') === 'refused', '/trust/* answering an HTML page: refused, in words');
  await page.reload();
  check(await verdictOf(page) === 'genuine', '  after reload the held data still verifies');
  await mobile.setOffline(true);
  await page.reload();
  check(await verdictOf(page) === 'genuine', '  and offline too (the HTML answer was never stored)');
  await page.goto(`${origin}/C/${tokens[byState('voided')]}`);
  check(await verdictOf(page) === 'invalid', '  status data still held (voided -> invalid)');
  await mobile.setOffline(false);
  setFaults({});

  // ---- Trust list refresh refuses a tampered list -------------------------------------------
  const listPath = path.join(site, 'trust', 'trust-list.json');
  const good = fs.readFileSync(listPath, 'utf8');
  fs.writeFileSync(listPath, good.replace(/"signature": "(.)/, (m, c) => `"signature": "${c === '0' ? '1' : '0'}`));
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.querySelector('[data-testid="trust"]').dataset.state === 'refused',
                             null, { timeout: 45000 }).catch(() => {});
  check(await page.getAttribute('[data-testid="trust"]', 'data-state') === 'refused', 'tampered trust list refused');
  await page.reload();
  check(await verdictOf(page) === 'genuine' || await verdictOf(page) === 'invalid', 'after refusing it, codes still verify with the held list');
  fs.writeFileSync(listPath, good);
  const rootFetches = logLines().slice(first.length).filter((r) => r.url === '/trust/root.pub.json');
  check(rootFetches.length === 0, `installed: the pinned root is never fetched again (${rootFetches.length} requests after the first visit)`);
  await mobile.close();

  // ---- Camera errors in words ----------------------------------------------------------------
  const denied = await newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
  await denied.addInitScript(() => {
    if (navigator.mediaDevices) navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  const dp = await denied.newPage();
  await open(dp, `${origin}/`);
  await dp.click('[data-testid="scan"]');
  await dp.waitForSelector('#camera-error:not([hidden])', { timeout: 10000 }).catch(() => {});
  const camErr = await dp.textContent('#camera-error');
  check(camErr.includes('相机权限被拒绝') && await dp.getAttribute('#camera-error', 'role') === 'alert',
        `camera refused: localised, announced, says what to do (${camErr.slice(0, 20)}…)`);
  await dp.screenshot({ path: path.join(screens, 'phone-zh-CN-camera-denied.png'), fullPage: true });
  await denied.close();

  // ---- First visit while /trust/* answers a portal page: a message and a retry ---------------
  setFaults({ trust: 'html' });
  const portal = await newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
  const pp = await portal.newPage();
  navigations.add(`${origin}/C/${tokens[0]}`);
  await pp.goto(`${origin}/C/${tokens[0]}`);
  check(await settled(pp) === 'notice' && await pp.getAttribute('#result', 'data-notice') === 'firstLoadFailed',
        'first visit with /trust/* answering HTML: no verdict, a message instead');
  const portalText = await pp.textContent('#verdict-word');
  check(portalText.includes('无法下载验证数据') && !/fetch/i.test(portalText) && await pp.isVisible('#retry'),
        `  localised, with a retry (${portalText.slice(0, 24)}…)`);
  await pp.screenshot({ path: path.join(screens, 'phone-zh-CN-first-visit-failed.png'), fullPage: true });
  setFaults({});
  await pp.click('#retry');
  await pp.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  check(await verdictOf(pp) === 'genuine', '  retry once the server answers -> genuine');
  await portal.close();

  // ---- Desktop, English, language switch; 200 % zoom on a phone ------------------------------
  const desktop = await newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const dpage = await desktop.newPage();
  await open(dpage, `${origin}/C/${tokens[genuine[4]]}`);
  check(await verdictOf(dpage) === 'genuine', 'desktop: label URL -> genuine');
  check(await dpage.getAttribute('html', 'lang') === 'en', 'English for an English browser');
  check((await headline(dpage)).startsWith('Genuine'), 'English headline');
  await dpage.screenshot({ path: path.join(screens, 'desktop-genuine-en.png'), fullPage: true });
  await dpage.click('#lang');
  check(await dpage.getAttribute('html', 'lang') === 'zh-CN', 'language switch -> zh-CN');
  check((await headline(dpage)).startsWith('正品'), 'language switch re-renders the verdict');
  await dpage.click('#lang');
  await open(dpage, `${origin}/C/${tokens[byState('picked_up')]}`);
  check(await verdictOf(dpage) === 'warning', 'desktop: resale warning');
  await dpage.setViewportSize({ width: 640, height: 400 });
  check(!(await dpage.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)),
        '200% zoom on a desktop (640 CSS px wide): no horizontal scrolling');
  // 390x844 at 200 %: 195 CSS px. The icon goes above the headline, which stays whole.
  await dpage.setViewportSize({ width: 195, height: 422 });
  const zoom = await dpage.evaluate(() => {
    const icon = document.querySelector('#verdict-icon').getBoundingClientRect();
    const word = document.querySelector('#verdict-word');
    const w = word.getBoundingClientRect();
    return { overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
             above: icon.bottom <= w.top + 1, inside: w.right <= window.innerWidth + 1 && word.scrollWidth <= word.clientWidth + 1 };
  });
  check(!zoom.overflow && zoom.above && zoom.inside, `200% zoom on a phone (195 CSS px): headline whole, icon above it (${JSON.stringify(zoom)})`);
  await dpage.screenshot({ path: path.join(screens, 'phone-200pct-resale-en.png'), fullPage: true });
  await desktop.close();

  // ---- Screenshots of every verdict at phone size, zh-CN and en -----------------------------
  const cases = [
    ['genuine', `/C/${tokens[0]}`], ['resale', `/C/${tokens[byState('picked_up')]}`],
    ['not-activated', `/C/${tokens[byState('issued')]}`], ['voided', `/C/${tokens[byState('voided')]}`],
    ['superseded', `/C/${tokens[byState('superseded')]}`], ['altered', `/?code=${encodeURIComponent(altered)}`],
    ['foreign', `/?code=${encodeURIComponent('https://example.com/product/12345')}`],
    ['number-sold', `/?code=${numberOf(sold)}`], ['number-voided', `/?code=${numberOf(byState('voided'))}`],
    ['link-incomplete', `/C/${tokens[0].slice(0, 100)}`],
  ];
  for (const lang of ['zh-CN', 'en']) {
    const ctx = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true,
                                   hasTouch: true, locale: lang });
    const p = await ctx.newPage();
    for (const [name, url] of cases) {
      if (byState('issued') < 0 && name === 'not-activated') continue;
      await open(p, origin + url);
      await settled(p);
      await p.screenshot({ path: path.join(screens, `phone-${lang}-${name}.png`), fullPage: true });
    }
    await open(p, `${origin}/`);
    await p.setInputFiles('#photo', blank);
    check(await verdictOf(p) === 'no_code', `${lang}: blank photo -> no_code`);
    await p.screenshot({ path: path.join(screens, `phone-${lang}-no-code.png`), fullPage: true });
    await p.setInputFiles('#photo', { name: 'a.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await settled(p);
    await p.screenshot({ path: path.join(screens, `phone-${lang}-not-image.png`), fullPage: true });
    setFaults({ trust: 'hang' });
    await open(p, `${origin}/C/${tokens[genuine[1]]}`);
    await p.waitForFunction(() => document.querySelector('[data-testid="network"]').dataset.state === 'failed', null, { timeout: 20000 }).catch(() => {});
    await p.screenshot({ path: path.join(screens, `phone-${lang}-network-failed.png`), fullPage: true });
    setFaults({});
    await ctx.close();
  }

  // ---- Whole-run request checks --------------------------------------------------------------
  const foreign = browserRequests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('blob:') &&
                                                 !r.url.startsWith('data:'));
  check(foreign.length === 0, `only same-origin requests (${browserRequests.length} seen)`);
  const carrying = browserRequests.filter((r) => tokens.some((tk) => r.url.includes(tk)) && !navigations.has(r.url));
  check(carrying.length === 0, 'no request carried a code except opening the label URL itself');
  check(cspViolations.length === 0, `no CSP violations ${cspViolations.slice(0, 2).join(' | ')}`);
  check(pageErrors.length === 0, `no uncaught page errors ${pageErrors.slice(0, 2).join(' | ')}`);
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
