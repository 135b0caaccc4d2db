// The page and today's date (issue 10), in Debian's headless chromium: the demo site runs on its
// world's fixed clock whatever the device says, and says so on screen; the same trust data built
// as a real deployment (build_site.mjs --root/--trust-list/--status) runs on the device clock, so
// past the snapshots' status_max_age it says status_stale; a demo build whose pinned root is not
// the demo world's runs on the device clock too. The device clock is pinned with Playwright's
// context.clock.setFixedTime: the page reads it and sends it to the worker (boot.js), so no check
// here depends on the day the test runs. Screenshots: build/wasm/test-web-clock/screens/.
// Usage: node tests/web/e2e_clock.mjs [SITE_DIR]   (default build/wasm/site; needs /usr/bin/chromium)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './core_node.mjs';

const require = createRequire(path.join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const siteSrc = path.resolve(process.argv[2] || path.join(repoRoot, 'build', 'wasm', 'site'));
const work = path.join(repoRoot, 'build', 'wasm', 'test-web-clock');
const screens = path.join(work, 'screens');
const basePort = 17000 + (process.pid % 900);
const kChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Past the demo snapshots' status_max_age (90 days from 2026-11-16), before the list expires (2031).
const kLater = '2027-06-01T00:00:00Z';

let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(screens, { recursive: true });
const demoSite = path.join(work, 'demo-site');
fs.cpSync(siteSrc, demoSite, { recursive: true });
const manifest = JSON.parse(fs.readFileSync(path.join(demoSite, 'demo', 'manifest.json'), 'utf8'));
const codes = manifest.codes;
const tokens = codes.map((c) => c.text.slice(manifest.label_prefix.length));
const demoDay = manifest.clock.slice(0, 10);
const genuine = codes.findIndex((c) => c.expected_verdict === 'genuine');
const config = fs.readFileSync(path.join(demoSite, 'site-config.js'), 'utf8');
check(config.includes(`"clock":"${manifest.clock}"`), `the demo build's site-config.js holds the demo clock ${manifest.clock}`);

// The same trust data as a real deployment would build it: no demo clock.
const prodSite = path.join(work, 'prod-site');
const info = JSON.parse(fs.readFileSync(path.join(demoSite, 'build-info.json'), 'utf8'));
const trust = path.join(demoSite, 'trust');
const status = JSON.parse(fs.readFileSync(path.join(trust, 'status', 'index.json'), 'utf8')).files
  .map((f) => path.join(trust, 'status', f));
execFileSync(process.execPath, [path.join(repoRoot, 'web', 'tools', 'build_site.mjs'), '--out', prodSite,
  '--core', path.join(demoSite, info.core_dir, 'traceseal_core.mjs'), '--root', path.join(trust, 'root.pub.json'),
  '--trust-list', path.join(trust, 'trust-list.json'), '--status', status.join(',')], { stdio: ['ignore', 'ignore', 'inherit'] });
check(fs.readFileSync(path.join(prodSite, 'site-config.js'), 'utf8').includes('export const kSiteConfig = { demo: null };'),
      'a site built with --root/--trust-list/--status has no demo clock');
// A demo build whose trust files now come from another authority: its root is not the demo's.
const swappedSite = path.join(work, 'swapped-site');
fs.cpSync(demoSite, swappedSite, { recursive: true });
fs.writeFileSync(path.join(swappedSite, 'site-config.js'), config.replace(/"root_public_key":"[0-9a-f]+"/, `"root_public_key":"${'ab'.repeat(32)}"`));

const servers = [];
async function serve(root, port) {
  const s = spawn(process.execPath, [path.join(repoRoot, 'web', 'serve.mjs'), '--root', root, '--port', String(port)],
                  { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(s);
  await new Promise((resolve) => s.stdout.once('data', resolve));
  return `http://127.0.0.1:${port}`;
}
const demoOrigin = await serve(demoSite, basePort);
const prodOrigin = await serve(prodSite, basePort + 1);
const swappedOrigin = await serve(swappedSite, basePort + 2);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: kChromiumArgs });
const pageErrors = [];

/** A phone whose clock says `time` (fixed), in `locale`. */
async function phone(time, locale = 'zh-CN') {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true,
                                         hasTouch: true, locale });
  await ctx.clock.setFixedTime(new Date(time));
  ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(e.message)));
  return ctx;
}
async function open(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await page.waitForFunction(() => ['result', 'notice'].includes(document.querySelector('#result').dataset.phase),
                             null, { timeout: 60000 });
  return {
    verdict: await page.getAttribute('[data-testid="verdict"]', 'data-verdict'),
    finding: await page.getAttribute('[data-testid="verdict"]', 'data-finding'),
    reasons: await page.$$eval('#reasons li', (els) => els.map((e) => e.dataset.reason)),
    demoNote: await page.isVisible('[data-testid="demo-clock"]') ? await page.textContent('[data-testid="demo-clock"]') : null,
    checkedAt: await page.textContent('#checked-at'),
    footer: await page.textContent('[data-testid="trust"]'),
  };
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  // ---- The demo site on a phone whose clock says 2027-06-01 ----------------------------------
  const later = await phone(kLater);
  const p = await later.newPage();
  const first = await open(p, `${demoOrigin}/C/${tokens[genuine]}`);
  check((await p.evaluate(() => new Date().toISOString())).startsWith('2027-06-01'), 'the phone\'s clock says 2027-06-01 (pinned)');
  check(first.verdict === 'genuine', `demo site, device clock ${kLater}: label URL -> genuine (${first.verdict} ${first.reasons.join(',')})`);
  check(first.demoNote !== null && first.demoNote.includes(`演示时钟 ${demoDay}`) && first.demoNote.includes('演示数据'),
        `  the demo clock is shown: ${first.demoNote}`);
  check(first.checkedAt.includes(demoDay), `  the check time is the demo clock's day (${first.checkedAt})`);
  check(!first.footer.includes('已过期'), `  the footer does not call the demo data out of date (${first.footer.trim()})`);
  await p.screenshot({ path: path.join(screens, 'phone-zh-CN-demo-clock-genuine.png'), fullPage: true });
  let all = true;
  for (let i = 0; i < codes.length; i++) {
    const r = await open(p, `${demoOrigin}/C/${tokens[i]}`);
    const ok = r.verdict === codes[i].expected_verdict && same(r.reasons, codes[i].expected_reasons) && r.demoNote !== null;
    if (!ok) console.log(`     code ${i + 1}: ${r.verdict} ${r.reasons.join(',')} (want ${codes[i].expected_verdict} ${codes[i].expected_reasons.join(',')})`);
    all = all && ok;
  }
  check(all, `demo site in 2027: all ${codes.length} demo label URLs -> the manifest's verdicts and reasons, demo clock shown`);
  await p.screenshot({ path: path.join(screens, 'phone-zh-CN-demo-clock-last.png'), fullPage: true });
  // Reloaded from the held data (installed path), still on the demo clock.
  await p.reload();
  await p.waitForSelector('body[data-ready="true"]');
  const held = await open(p, `${demoOrigin}/C/${tokens[genuine]}`);
  check(held.verdict === 'genuine' && held.demoNote !== null, 'demo site in 2027, from the held data: genuine, demo clock shown');
  await later.close();

  const en = await phone(kLater, 'en-US');
  const pe = await en.newPage();
  const english = await open(pe, `${demoOrigin}/C/${tokens[genuine]}`);
  check(english.verdict === 'genuine' && english.demoNote !== null && english.demoNote.includes(`demo clock ${demoDay}`),
        `en: ${english.demoNote}`);
  await pe.screenshot({ path: path.join(screens, 'phone-en-demo-clock-genuine.png'), fullPage: true });
  await en.close();

  // ---- The same data as a real deployment: the device clock ----------------------------------
  const onDemoDay = await phone(manifest.clock);
  const q = await onDemoDay.newPage();
  let prodAll = true;
  for (let i = 0; i < codes.length; i++) {
    const r = await open(q, `${prodOrigin}/C/${tokens[i]}`);
    const ok = r.verdict === codes[i].expected_verdict && same(r.reasons, codes[i].expected_reasons) && r.demoNote === null;
    if (!ok) console.log(`     code ${i + 1}: ${r.verdict} ${r.reasons.join(',')} note ${r.demoNote}`);
    prodAll = prodAll && ok;
  }
  check(prodAll, `real deployment, device clock ${manifest.clock}: all ${codes.length} codes -> the manifest's verdicts, no demo note`);
  await onDemoDay.close();

  const stale = await phone(kLater);
  const s = await stale.newPage();
  const st = await open(s, `${prodOrigin}/C/${tokens[genuine]}`);
  check(st.verdict === 'warning' && st.finding === 'status_stale' && st.reasons.includes('status_stale'),
        `real deployment, device clock ${kLater}: a genuine code -> warning status_stale (${st.verdict} ${st.reasons.join(',')})`);
  check(st.demoNote === null, '  no demo note');
  check(st.footer.includes('商品状态数据已过期'), `  the footer says the status data is out of date (${st.footer.trim()})`);
  check(!st.checkedAt.includes(demoDay) && st.checkedAt.includes('2027-06-01'), `  the check time is the device's (${st.checkedAt})`);
  await s.screenshot({ path: path.join(screens, 'phone-zh-CN-device-clock-stale.png'), fullPage: true });
  await stale.close();

  // ---- A demo build serving another root: the demo clock stays off ---------------------------
  const swapped = await phone(kLater);
  const w = await swapped.newPage();
  const sw = await open(w, `${swappedOrigin}/C/${tokens[genuine]}`);
  check(sw.verdict === 'warning' && sw.reasons.includes('status_stale') && sw.demoNote === null,
        `demo build whose pinned root is not the demo's, in 2027: device clock, status_stale (${sw.verdict} ${sw.reasons.join(',')})`);
  await swapped.close();

  // ---- The address cannot turn the demo clock on ---------------------------------------------
  const addr = await phone(kLater);
  const a = await addr.newPage();
  const ad = await open(a, `${prodOrigin}/?demo=1&clock=${encodeURIComponent(manifest.clock)}&code=${encodeURIComponent(codes[genuine].text)}`);
  check(ad.reasons.includes('status_stale') && ad.demoNote === null, 'real deployment: ?demo=1&clock=... changes nothing (still status_stale)');
  await addr.close();
  check(pageErrors.length === 0, `no uncaught page errors ${pageErrors.slice(0, 2).join(' | ')}`);
} catch (e) {
  console.error(e);
  failures++;
} finally {
  await browser.close();
  for (const s of servers) s.kill();
}
console.log(failures ? `e2e_clock: ${failures} failed` : 'e2e_clock: all passed');
console.log(`screenshots in ${screens}`);
process.exit(failures ? 1 : 0);
