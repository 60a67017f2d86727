import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { ApiHandlers } from '../../src/core/api/contract.ts';
import { PRODUCT_NAME } from '../../src/core/api/product.ts';
import { createApiHandlers } from '../../src/node/bridge/handlers.ts';
import { startBridgeServer, type BridgeServer } from '../../src/node/bridge/server.ts';
import { repoRoot } from '../helpers/vectors.ts';

/**
 * The harness every UI test uses (DESIGN §7): the built renderer (out/renderer, from `npm run build`)
 * served by the test bridge with the real handlers, in Debian's Chromium driven by playwright-core.
 * Only the transport differs from Electron.
 *
 * Chromium is required in CI (CI=true; .ci/run installs it): there a missing binary fails the suite.
 * In a developer's clone without it, UI suites are skipped with the reason in their title.
 */
export const CHROMIUM_PATH = process.env.WARDEN_CHROMIUM ?? '/usr/bin/chromium';
export const RENDERER_DIR = path.join(repoRoot, 'out', 'renderer');
export const ARTIFACTS_DIR = path.join(repoRoot, 'test-artifacts', 'ui');
export const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const chromiumPresent = existsSync(CHROMIUM_PATH);

/** `describe` for a UI suite: skipped (with the reason) only outside CI when Chromium is absent. */
export function describeUi(name: string, body: () => void): void {
  if (chromiumPresent || inCi) describe(name, body);
  else describe.skip(`${name} [skipped: no Chromium at ${CHROMIUM_PATH}; install Debian's chromium or set WARDEN_CHROMIUM]`, body);
}

export interface UiHarness {
  readonly bridge: BridgeServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts the bridge on the built renderer and launches Chromium. Throws with a clear message when either is missing. */
export async function startUiHarness(handlers?: ApiHandlers): Promise<UiHarness> {
  if (!chromiumPresent) throw new Error(`Chromium is required for the UI tests in CI but ${CHROMIUM_PATH} is missing (apt-get install chromium)`);
  const bridge = await startBridgeServer({
    rendererDir: RENDERER_DIR,
    handlers: handlers ?? createApiHandlers({ name: PRODUCT_NAME, version: PACKAGE_VERSION, runtime: 'browser' }),
  });
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    return {
      bridge,
      browser,
      close: async () => {
        await browser.close();
        await bridge.close();
      },
    };
  } catch (error) {
    await bridge.close();
    throw error;
  }
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
}

export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console messages of type error, and uncaught page errors. */
  readonly errors: string[];
  /** Every request the page made, by URL. */
  readonly requests: string[];
  /** CSP violations reported in the page (securitypolicyviolation events). */
  cspViolations(): Promise<CspViolation[]>;
  /** Saves a full-page PNG to test-artifacts/ui/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
}

/**
 * Opens the app in a fresh browser context through a fresh one-time launch URL and waits for its
 * main landmark; tests then wait for what they expect to see.
 */
export async function openApp(harness: UiHarness, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<AppPage> {
  const context = await harness.browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 1200, height: 800 } });
  // Injected by the browser itself (not a page script), so the app's CSP does not apply to it. A
  // string, because this project's Node type-check has no DOM library.
  await context.addInitScript({
    content: `(() => {
      const violations = [];
      Object.defineProperty(window, '__wardenCspViolations', { value: violations });
      document.addEventListener('securitypolicyviolation', (event) => {
        violations.push({ directive: event.effectiveDirective, blockedURI: event.blockedURI });
      });
    })();`,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(harness.bridge.createLaunchUrl());
  await page.getByRole('main').waitFor();
  return {
    context,
    page,
    errors,
    requests,
    cspViolations: async () => (await page.evaluate('window.__wardenCspViolations.slice()')) as CspViolation[],
    screenshot: async (name) => {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}
