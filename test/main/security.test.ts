import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  chooseRendererUrl,
  CONTENT_SECURITY_POLICY,
  isAllowedAppRequest,
  isAllowedIpcSender,
  isAllowedNavigation,
  isAllowedWindowOpen,
  parseCleanUrl,
  permissionDecision,
} from '../../src/main/security.ts';

const DEV_URL = 'http://localhost:5173/';

// URLs a page, a link in registry data or a compromised renderer might try. Every one must be refused
// for navigation, window.open and IPC, whichever renderer URL is in use.
const HOSTILE_ELSEWHERE: readonly string[] = [
  // other schemes
  'file:///etc/passwd',
  'file://warden/index.html',
  'FILE:///C:/Windows/win.ini',
  // what Chromium navigates to when a file is dropped on a page: the renderer reads a dropped bundle
  // itself (File API, then files.*), so the navigation a drop causes must be refused
  'file:///home/auditor/Downloads/evidence-2026-11.zip',
  'file:///C:/Users/auditor/Downloads/evidence.zip',
  'file://fileserver/share/evidence.zip',
  'file:///tmp/evidence%20bundle.zip',
  'file:///tmp/dropped.html',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'blob:app://warden/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  'about:blank',
  'about:srcdoc',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'view-source:app://warden/index.html',
  'vbscript:msgbox(1)',
  'ms-msdt:/id PCWDiagnostic',
  'warden://app/index.html',
  'apps://warden/index.html',
  'filesystem:app://warden/temporary/x',
  // other hosts
  'https://evil.example/',
  'http://evil.example/index.html',
  'https://warden/index.html',
  'http://127.0.0.1:5173/',
  'http://localhost:5174/',
  'http://localhost/',
  'ws://localhost:5173/',
  // look-alikes
  'app://warden.evil.example/index.html',
  'app://warden./index.html',
  'app://evil.example/index.html',
  'app://wаrden/index.html',
  'app://xn--wrden-5ve/index.html',
  'http://localhost.evil.example:5173/',
  'http://lоcalhost:5173/',
  'app://warden:8080/index.html',
  // credentials and authority tricks
  'https://app@evil.example/',
  'app://app@warden/index.html',
  'app://user:pass@warden/index.html',
  'http://localhost:5173@evil.example/',
  'http://evil.example\\@localhost:5173/',
  'app:\\\\warden\\index.html',
  'app:warden/index.html',
  'app:///index.html',
  '//evil.example/',
  '/index.html',
  'index.html',
  // invisible and control characters
  'app://warden/index.html\u0000',
  'app://warden/index.html\u200b',
  '\ufeffapp://warden/index.html',
  'app://warden/index.html ',
  // nonsense
  '',
  'not a url',
  `app://warden/${'a'.repeat(5000)}`,
];

// Other documents on our own origin: IPC may come from any of them (they are our files), but a
// navigation to one is refused (only the entry document may be loaded).
const PATH_TRICKS: readonly string[] = [
  'app://warden/../../etc/passwd',
  'app://warden/%2e%2e/%2e%2e/etc/passwd',
  'app://warden/assets/../../../etc/passwd',
  'app://warden/index.html/../secret',
  'app://warden//evil.example/index.html',
];

const HOSTILE_URLS: readonly string[] = [...HOSTILE_ELSEWHERE, ...PATH_TRICKS];

describe('isAllowedNavigation', () => {
  describe.each([
    ['production', APP_ENTRY_URL],
    ['development', DEV_URL],
  ])('with the %s renderer', (_label, rendererUrl) => {
    it('allows the renderer entry document itself', () => {
      expect(isAllowedNavigation(rendererUrl, rendererUrl)).toBe(true);
      expect(isAllowedNavigation(`${rendererUrl}#/agents`, rendererUrl)).toBe(true);
    });

    it.each(HOSTILE_URLS)('refuses %j', (url) => {
      expect(isAllowedNavigation(url, rendererUrl)).toBe(false);
    });
  });

  it('allows the canonical uppercase spelling of our own scheme (the URL parser lowercases it)', () => {
    expect(isAllowedNavigation('APP://warden/index.html', APP_ENTRY_URL)).toBe(true);
  });

  it('refuses another document on our own origin', () => {
    expect(isAllowedNavigation('app://warden/other.html', APP_ENTRY_URL)).toBe(false);
    expect(isAllowedNavigation('app://warden/', APP_ENTRY_URL)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['app://warden/index.html']])('refuses the non-string %j', (url) => {
    expect(isAllowedNavigation(url, APP_ENTRY_URL)).toBe(false);
  });
});

describe('isAllowedWindowOpen', () => {
  it.each([APP_ENTRY_URL, DEV_URL, ...HOSTILE_URLS])('refuses %j', (url) => {
    expect(isAllowedWindowOpen(url)).toBe(false);
  });
});

describe('isAllowedIpcSender', () => {
  it('accepts the main frame of the renderer, on any of its paths', () => {
    expect(isAllowedIpcSender({ frameUrl: APP_ENTRY_URL, isMainFrame: true }, APP_ENTRY_URL)).toBe(true);
    expect(isAllowedIpcSender({ frameUrl: 'app://warden/index.html#/agents', isMainFrame: true }, APP_ENTRY_URL)).toBe(true);
    expect(isAllowedIpcSender({ frameUrl: 'http://localhost:5173/', isMainFrame: true }, DEV_URL)).toBe(true);
  });

  it('refuses a sub-frame even on the renderer origin', () => {
    expect(isAllowedIpcSender({ frameUrl: APP_ENTRY_URL, isMainFrame: false }, APP_ENTRY_URL)).toBe(false);
  });

  it.each([undefined, null])('refuses a frame that is gone (%j)', (frameUrl) => {
    expect(isAllowedIpcSender({ frameUrl, isMainFrame: true }, APP_ENTRY_URL)).toBe(false);
  });

  it.each(HOSTILE_ELSEWHERE)(
    'refuses a main frame at %j',
    (frameUrl) => {
      expect(isAllowedIpcSender({ frameUrl, isMainFrame: true }, APP_ENTRY_URL)).toBe(false);
    },
  );

  it('refuses the production origin when the renderer is the dev server, and the reverse', () => {
    expect(isAllowedIpcSender({ frameUrl: APP_ENTRY_URL, isMainFrame: true }, DEV_URL)).toBe(false);
    expect(isAllowedIpcSender({ frameUrl: DEV_URL, isMainFrame: true }, APP_ENTRY_URL)).toBe(false);
  });
});

describe('permissionDecision', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'unknown'])(
    'denies %s',
    (permission) => {
      expect(permissionDecision(permission, { requestingUrl: APP_ENTRY_URL })).toBe(false);
    },
  );
});

describe('isAllowedAppRequest', () => {
  it('allows GET on the app host', () => {
    expect(isAllowedAppRequest('GET', 'app://warden/assets/index.js')).toBe(true);
  });

  it.each([
    ['POST', 'app://warden/index.html'],
    ['GET', 'app://other/index.html'],
    ['GET', 'app://user@warden/index.html'],
    ['GET', 'https://warden/index.html'],
    ['GET', 'app://warden/index.html\u0000'],
  ])('refuses %s %j', (method, url) => {
    expect(isAllowedAppRequest(method, url)).toBe(false);
  });
});

describe('chooseRendererUrl', () => {
  it('uses app://warden when packaged, whatever the environment says', () => {
    expect(chooseRendererUrl(true, 'http://localhost:5173/')).toBe(APP_ENTRY_URL);
  });

  it('uses the dev server only when it is on loopback over http(s)', () => {
    expect(chooseRendererUrl(false, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(chooseRendererUrl(false, 'http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173/');
    expect(chooseRendererUrl(false, undefined)).toBe(APP_ENTRY_URL);
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'http://localhost.evil.example/', 'javascript:1']) {
      expect(chooseRendererUrl(false, url)).toBe(APP_ENTRY_URL);
    }
  });
});

describe('parseCleanUrl', () => {
  it('parses a clean absolute URL', () => {
    expect(parseCleanUrl('app://warden/index.html')?.pathname).toBe('/index.html');
  });

  it.each(['https://a@b.example/', 'https://:p@b.example/', 'https://b.example/\t', 'https:\\\\b.example'])('refuses %j', (url) => {
    expect(parseCleanUrl(url)).toBeNull();
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('forbids framing and inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});
