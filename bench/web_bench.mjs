// Web page benchmark, browser side (issue 15; bench/web_bench.sh runs it): the page a field user
// loads first, in Debian's Chromium driven by playwright-core, over an emulated slow 3G link
// (Chromium's DevTools network conditions: 400 kbit/s down and up, 400 ms round trip), with the
// cache off. Prints the time until the verification form is usable (its number box visible and
// the page's script run: the language applied), median of 5, and the same over loopback without
// throttling (the baseline of this run). Then, with the network off after one visit, the time
// from a photo of a certificate's QR code (a PNG of GET /v1/certificates/{n}/qr, given to the
// page's "Open a photo") to the offline verdict, median of 5 (target under 1 s).
// Usage: node web_bench.mjs BASE_URL [QR_PNG]
import { chromium } from 'playwright-core';

const base = process.argv[2];
const qrPng = process.argv[3];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function usableMs(throttle) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,  // ms, round trip
      downloadThroughput: 400 * 1000 / 8,  // bytes per second
      uploadThroughput: 400 * 1000 / 8,
    });
  }
  const start = Date.now();
  await page.goto(base + '/', { waitUntil: 'commit' });
  await page.waitForSelector('#number', { state: 'visible' });
  // The script has run once it has said how old its keys are (the page's HTML leaves that
  // line empty; its language and switcher are set in the HTML already).
  await page.waitForFunction(() => (document.querySelector('#trust-age')?.textContent ?? '') !== '');
  const ms = Date.now() - start;
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const slow = [], fast = [];
for (let i = 0; i < 5; ++i) {
  slow.push(await usableMs(true));
  fast.push(await usableMs(false));
}
console.log(`web_usable_slow3g_ms ${median(slow)} (median of 5: ${slow.join(', ')}; target < 5000)`);
console.log(`web_usable_loopback_ms ${median(fast)} (median of 5: ${fast.join(', ')})`);
console.log(`slow 3G / loopback ${(median(slow) / median(fast)).toFixed(1)}x`);

if (qrPng) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => localStorage.getItem('openkp.trust.keyring') &&
    localStorage.getItem('openkp.trust.logKey'));
  await context.setOffline(true);
  await page.reload();
  const times = [];
  for (let i = 0; i < 5; ++i) {
    await page.evaluate(() => document.querySelector('#offline-result')?.replaceChildren());
    const start = Date.now();
    await page.setInputFiles('#scan-photo', qrPng);
    await page.waitForSelector('#offline-verdict');
    times.push(Date.now() - start);
    const verdict = await page.textContent('#offline-verdict');
    if (!/^Valid/.test(verdict)) throw new Error(`not valid: ${verdict}`);
  }
  console.log(`qr_photo_to_offline_verdict_ms ${median(times)} (median of 5: ${times.join(', ')}; target < 1000)`);
  await context.close();
}
await browser.close();
