// Renders assets/icon.svg to assets/icon.png (512×512) in headless Chromium; run after editing the SVG.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';

const svg = readFileSync('assets/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({
  path: 'assets/icon.png',
  omitBackground: true,
  clip: { x: 0, y: 0, width: 512, height: 512 },
});
await browser.close();
console.log('wrote assets/icon.png');
