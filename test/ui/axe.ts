import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core in the app's page (issue 6: no serious or critical violation on any screen).
 *
 * How it gets in: the app's CSP is `script-src 'self'`, so `page.addScriptTag` (an inline or
 * foreign-origin <script>) is refused, and loosening the policy for tests (`bypassCSP`) would stop
 * the UI tests from noticing a CSP regression. `page.evaluate` is the DevTools protocol's
 * Runtime.evaluate, which the page's CSP does not govern, so axe's source is evaluated that way,
 * once per document, and `axe.run` is called the same way.
 */
export interface AccessibilityViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  /** CSS selectors of up to five offending elements. */
  readonly targets: readonly string[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, headings, region).
const RUN_OPTIONS = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** Every axe violation of impact serious or critical on `page` now. */
export async function seriousAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  const loaded = (await page.evaluate('typeof window.axe === "object"')) as boolean;
  if (!loaded) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const violations = (await page.evaluate(`
    window.axe.run(document, ${JSON.stringify(RUN_OPTIONS)}).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      })),
    )
  `)) as AccessibilityViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
