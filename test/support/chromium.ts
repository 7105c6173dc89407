// Opens a report in a real headless Chromium (Debian's `chromium` package) and says, for each
// chart, whether the browser laid it out with visible marks.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export interface RenderedChart {
  id: string;
  width: number;
  height: number;
  /** Marks (paths, rects, lines, symbols) with a non-empty bounding box. */
  visibleMarks: number;
}

export async function renderReport(file: string): Promise<{ title: string; charts: RenderedChart[]; requests: string[] }> {
  if (CHROMIUM === undefined) throw new Error('Chromium is not installed: apt-get install -y chromium (.ci/run does it)');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const title = await page.title();
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('figure.chart')].map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? [...svg.querySelectorAll('path, rect, line, circle')].filter((m) => {
          const b = (m as SVGGraphicsElement).getBBox();
          return b.width > 0 || b.height > 0;
        }).length : 0;
        return { id: figure.id, width: box?.width ?? 0, height: box?.height ?? 0, visibleMarks: marks };
      }),
    );
    return { title, charts, requests };
  } finally {
    await browser.close();
  }
}
