// Web page benchmark, browser side (issue 15; bench/web_bench.sh runs it): the page a field user
// loads first, in Debian's Chromium driven by playwright-core, over an emulated slow 3G link
// (Chromium's DevTools network conditions: 400 kbit/s down and up, 400 ms round trip), with the
// cache off. Prints the time until the verification form is usable (its number box visible and
// the page's script run: the language applied), median of 5, and the same over loopback without
// throttling (the baseline of this run). Usage: node web_bench.mjs BASE_URL
import { chromium } from 'playwright-core';

const base = process.argv[2];
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
  // The script has run once the switcher shows the language it applied.
  await page.waitForFunction(() => document.querySelector('#lang')?.value !== '' &&
    document.documentElement.lang !== '');
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
await browser.close();
