/**
 * Saves text the app produced as a download: a Blob, a temporary `<a download>`, a click, then the
 * object URL is revoked. The navigation guard lets a document download blobs it created
 * (navigation-guard.ts) and nothing else, so this is the one way the window writes a file.
 * Precondition: runs in a window (a DOM); `fileName` comes from the app's services.
 */
export function saveTextFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoke after the click has been handled: the download keeps its own reference.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
