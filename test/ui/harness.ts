import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { ApiHandlers } from '../../src/core/api/contract.ts';
import { PRODUCT_NAME } from '../../src/core/api/product.ts';
import { createAppServices, type AppServices } from '../../src/node/app/app-services.ts';
import { createApiHandlers } from '../../src/node/bridge/handlers.ts';
import { startBridgeServer, type BridgeServer } from '../../src/node/bridge/server.ts';
import type { DemoOptions } from '../../src/server/bootstrap.ts';
import { createDemoRegistryStarter } from '../../src/server/demo/start-demo-registry.ts';
import { repoRoot } from '../helpers/vectors.ts';
import { seriousAccessibilityViolations, type AccessibilityViolation } from './axe.ts';

/**
 * The harness every UI test uses (DESIGN §7): the built renderer (out/renderer, from `npm run build`)
 * served by the test bridge with the real handlers and the real app services over a temporary data
 * directory (and, for "Try the demo", a real demo registry on 127.0.0.1), in Debian's Chromium
 * driven by playwright-core. Only the transport differs from Electron. One harness (one browser,
 * one data directory, at most one demo registry) per test file.
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
  // Skipped only outside CI without Chromium (CI fails instead, see startUiHarness): the title says why and how to run it.
  else describe.skip(`${name} [skipped: no Chromium at ${CHROMIUM_PATH}; install Debian's chromium or set WARDEN_CHROMIUM]`, body); // reason: no Chromium outside CI
}

export interface UiHarness {
  readonly bridge: BridgeServer;
  readonly browser: Browser;
  /** The services' data directory (a fresh temporary one, removed by `close`). */
  readonly dataDir: string;
  /** The real services, unless the harness was given fixed handlers. */
  readonly services: AppServices | undefined;
  close(): Promise<void>;
}

/** The demo the UI tests start from "Try the demo": small enough to sync and verify in seconds. */
export const UI_TEST_DEMO: DemoOptions = { seed: 'agent-warden-ui-tests', scale: 0.1 };

export interface UiHarnessOptions {
  /** Fixed handlers instead of the real services (tests of the shell alone). */
  readonly handlers?: ApiHandlers;
  /** The demo registry behind "Try the demo" (default UI_TEST_DEMO). */
  readonly demo?: DemoOptions;
  /** Fills the data directory before the services open it (e.g. a replica copied in as replica.db). */
  readonly prepareDataDir?: (dir: string) => Promise<void> | void;
  /** The services' clock (default: the wall clock). */
  readonly now?: () => number;
}

/** Starts the services, the bridge on the built renderer, and Chromium. Throws with a clear message when one is missing. */
export async function startUiHarness(options: UiHarnessOptions = {}): Promise<UiHarness> {
  if (!chromiumPresent) throw new Error(`Chromium is required for the UI tests in CI but ${CHROMIUM_PATH} is missing (apt-get install chromium)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'warden-ui-'));
  const cleanup: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const unwind = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    let services: AppServices | undefined;
    let handlers = options.handlers;
    if (handlers === undefined) {
      await options.prepareDataDir?.(dataDir);
      const quiet = { info: () => {}, warn: () => {}, error: (message: string) => console.error(`demo registry: ${message}`) };
      const opened = await createAppServices({
        dataDir,
        startDemoRegistry: createDemoRegistryStarter({ demo: options.demo ?? UI_TEST_DEMO, logger: quiet, verifyWorkers: 0 }),
        ...(options.now === undefined ? {} : { now: options.now }),
        onInternalError: (error) => console.error('ui harness: a job failed unexpectedly', error),
      });
      services = opened;
      cleanup.push(() => opened.close());
      handlers = createApiHandlers({ name: PRODUCT_NAME, version: PACKAGE_VERSION, runtime: 'browser' }, opened);
    }
    const bridge = await startBridgeServer({ rendererDir: RENDERER_DIR, handlers });
    cleanup.push(() => bridge.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    cleanup.push(() => browser.close());
    return { bridge, browser, dataDir, services, close: unwind };
  } catch (error) {
    await unwind();
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
  /** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA and best practices). */
  accessibilityViolations(): Promise<AccessibilityViolation[]>;
  /** A screen is done: its screenshot saved as `<name>.png`, and its serious or critical axe violations (expected: none). */
  checkScreen(name: string): Promise<AccessibilityViolation[]>;
  /** The href of every link on the page that would leave the app's document (expected: none; the app only links to #/routes). */
  linksLeavingTheApp(): Promise<string[]>;
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
  const screenshot = async (name: string) => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    // From the top: a full-page capture of a scrolled document draws the sticky header where the
    // viewport was, over the content.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  return {
    context,
    page,
    errors,
    requests,
    cspViolations: async () => (await page.evaluate('window.__wardenCspViolations.slice()')) as CspViolation[],
    screenshot,
    accessibilityViolations: () => seriousAccessibilityViolations(page),
    checkScreen: async (name) => {
      await screenshot(name);
      return seriousAccessibilityViolations(page);
    },
    linksLeavingTheApp: async () =>
      (await page.evaluate(`[...document.querySelectorAll('a[href], area[href]')]
        .map((a) => a.href)
        .filter((href) => { const u = new URL(href); return u.origin !== location.origin || u.pathname !== location.pathname; })`)) as string[],
  };
}
