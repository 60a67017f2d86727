/**
 * A link or an injected navigation can never replace the app (DESIGN §6).
 *
 * Policy: the document may change its own hash, reload itself, and download blobs it created;
 * every other navigation of the app's window is cancelled. Two layers, because either alone has
 * gaps: the Navigation API's `navigate` event sees every navigation the page starts (links, script,
 * `<meta http-equiv=refresh>`, form submissions), and a capture-phase click guard cancels link
 * clicks (left, middle, modified) in engines without that API. In Electron, main refuses such
 * navigations as well (src/main/security.ts); in a browser through the bridge these guards and the
 * CSP sandbox (no popups) are what hold. Registry data may contain URLs: they are shown as text or
 * opened through an explicit app API method, never followed.
 */
export function installNavigationGuard(win: Window): () => void {
  const doc = win.document;
  const onClick = (event: MouseEvent) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const link = target.closest('a[href], area[href]');
    if (link !== null && !isHarmlessLink(link, doc)) event.preventDefault();
  };
  const onNavigate = (event: NavigateEvent) => {
    if (isHarmlessNavigation(event, doc) || !event.cancelable) return;
    event.preventDefault();
  };
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('auxclick', onClick, true);
  const navigation = 'navigation' in win ? win.navigation : undefined;
  navigation?.addEventListener('navigate', onNavigate);
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('auxclick', onClick, true);
    navigation?.removeEventListener('navigate', onNavigate);
  };
}

function isHarmlessNavigation(event: NavigateEvent, doc: Document): boolean {
  if (event.downloadRequest !== null) return isOwnBlob(event.destination.url, doc);
  return event.destination.sameDocument || event.navigationType === 'reload';
}

function isHarmlessLink(link: Element, doc: Document): boolean {
  const href = link.getAttribute('href') ?? '';
  if (link.hasAttribute('download')) return isOwnBlob(href, doc);
  let url: URL;
  let here: URL;
  try {
    url = new URL(href, doc.baseURI);
    here = new URL(doc.location.href);
  } catch {
    return false;
  }
  const target = link.getAttribute('target');
  const sameDocument = url.origin === here.origin && url.pathname === here.pathname && url.search === here.search;
  return sameDocument && url.hash !== '' && (target === null || target === '' || target === '_self');
}

/** Whether `href` is a blob URL this document's origin created (what an in-app export downloads). */
function isOwnBlob(href: string, doc: Document): boolean {
  try {
    return href.startsWith('blob:') && new URL(href).origin === new URL(doc.location.href).origin;
  } catch {
    return false;
  }
}
