import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../../src/core/api/methods.ts';
import { BRIDGE_SCRIPT_PATH, injectBridgeScript, renderBridgeScript } from '../../../src/node/bridge/bridge-script.ts';
import { FIXTURE_INDEX } from './fixture.ts';

const TAG = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;

describe('renderBridgeScript', () => {
  it('is valid JavaScript that lists every contract method', () => {
    const source = renderBridgeScript();
    expect(() => new Script(source)).not.toThrow();
    expect(source).toContain(JSON.stringify(API_METHOD_NAMES));
  });
});

describe('injectBridgeScript', () => {
  it('inserts the bridge script before the first script of the page', () => {
    const html = injectBridgeScript(FIXTURE_INDEX);
    expect(html.indexOf(TAG)).toBeGreaterThan(0);
    expect(html.indexOf(TAG)).toBeLessThan(html.indexOf('<script type="module"'));
  });

  it('inserts it before </head> when the page has no script', () => {
    const html = injectBridgeScript('<html><head><title>x</title></head><body></body></html>');
    expect(html).toBe(`<html><head><title>x</title>${TAG}\n</head><body></body></html>`);
  });

  it('throws for a page with neither a script nor a head', () => {
    expect(() => injectBridgeScript('<p>hello</p>')).toThrow(/cannot insert/);
  });
});
