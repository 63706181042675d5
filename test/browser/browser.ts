import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (scripts/services.sh installs it); nothing is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots of every step, kept after the run (gitignored). */
export const ARTIFACTS = resolve(__dirname, '../../test-results/browser');

/** What works here as root and without internet (DESIGN.md, December 2026). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Viewport {
  name: string;
  width: number;
  height: number;
}

export const PHONE: Viewport = { name: 'phone-360x740', width: 360, height: 740 };
export const DESKTOP: Viewport = { name: 'desktop-1280x800', width: 1280, height: 800 };

/** A fresh browser with a fresh profile (its own --user-data-dir), at that viewport. */
export async function openBrowser(viewport: Viewport): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run bash scripts/services.sh (it installs Debian's chromium package)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'wardwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'vi-VN',
    timezoneId: 'Europe/London',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Problems the page itself reports: CSP refusals, script errors, failed requests to our origin. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. Injected through the
 * DevTools protocol (page.evaluate), which the page's CSP does not govern, so the CSP stays on.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, so the page's globals (window.axe, document) need no DOM types in this Node program.
  const violations = await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)");
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

/** Saves a screenshot as test-results/browser/<viewport>/<nn>-<step>.png. */
export function screenshots(viewport: Viewport) {
  const dir = join(ARTIFACTS, viewport.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, step: string) => {
    const path = join(dir, `${String(++n).padStart(2, '0')}-${step}.png`);
    // A whole-page capture of a scrolled page draws the fixed header where the viewport was, over
    // the content: capture from the top, then put the scroll back for the test's next step.
    const scrolledTo = await page.evaluate(() => window.scrollY).catch(() => 0);
    if (scrolledTo > 0) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path, fullPage: true });
    if (scrolledTo > 0) await page.evaluate((y) => window.scrollTo(0, y), scrolledTo);
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A fresh browser at `viewport` with what every journey uses: the page's CSP refusals and errors
 * watched, `check(step)` (axe, then a screenshot; `checked` holds each step's violations), `shot(step)`
 * (a screenshot alone, e.g. of a failure) and form
 * fields by their whole label (Mantine appends " *" to required ones).
 */
export async function openJourney(viewport: Viewport) {
  const browser = await openBrowser(viewport);
  const page = browser.page;
  const problems = watchProblems(page);
  const shot = screenshots(viewport);
  const checked: Record<string, string[]> = {};
  const check = async (step: string) => {
    checked[step] = await accessibilityViolations(page);
    await shot(page, step);
  };
  const field = (label: string) => page.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\*)?$`));
  return { browser, page, problems, checked, check, shot: (step: string) => shot(page, step), field };
}
