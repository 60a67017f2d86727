/**
 * The verifier's EvidenceSource over an evidence bundle (zip), so that `warden verify bundle.zip`
 * reads the bundle in place: the path conventions are those of the directory source
 * (src/node/verify/layout-source.ts), over the bundle's members instead of files.
 *
 * Policy (evidence-source.ts, adapter rules): the bundle is opened with every container check of
 * open-bundle.ts (a hostile container is refused at open with its BUNDLE_* code, exit 2), every
 * member is re-checked against manifest.json when read, and then returned exactly as stored: the
 * verifier checks all content itself. An I/O failure while reading is EVIDENCE_UNREADABLE. The
 * container hashes for the verification record are the bundle file's and its manifest's SHA-256.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { EvidenceSource } from '../verify/evidence-source.ts';
import { createLayoutSource, type LayoutFiles } from '../verify/layout-source.ts';
import type { EvidenceOpener } from '../verify/open-evidence.ts';
import { MANIFEST_PATH } from './bundle-format.ts';
import { openBundle, type EvidenceBundle, type OpenBundleOptions } from './open-bundle.ts';

/** Layout access to the members of an opened bundle (manifest.json is not part of the layout). */
export function bundleFiles(bundle: EvidenceBundle): LayoutFiles {
  return {
    async read(member, maxBytes) {
      const row = bundle.members.get(member);
      if (row === undefined) return undefined;
      if (row.size > maxBytes) throw new ProtocolError('EVIDENCE_UNREADABLE', `${member} is ${row.size} bytes; at most ${maxBytes} are accepted`);
      try {
        return await bundle.read(member);
      } catch (error) {
        if (error instanceof ProtocolError && error.code === 'BUNDLE_UNREADABLE') {
          throw new ProtocolError('EVIDENCE_UNREADABLE', error.message, { cause: error });
        }
        throw error;
      }
    },
    list: (dir) => Promise.resolve(bundle.list(dir)),
  };
}

/** An EvidenceSource over an already opened bundle; `close` closes the bundle. */
export function createBundleEvidenceSource(bundle: EvidenceBundle): EvidenceSource {
  return createLayoutSource(
    bundleFiles(bundle),
    { kind: 'bundle', name: bundle.name, origin: bundle.manifest.origin },
    {
      inputHashes: async () => [
        { name: bundle.name, sha256: await bundle.fileSha256() },
        { name: MANIFEST_PATH, sha256: bundle.manifestSha256 },
      ],
      close: () => bundle.close(),
    },
  );
}

/**
 * Opens the bundle at `file` as evidence. Throws the BUNDLE_* codes of open-bundle.ts for a bundle
 * that is not a sound container.
 */
export async function openBundleEvidence(file: string, options: OpenBundleOptions = {}): Promise<EvidenceSource> {
  return createBundleEvidenceSource(await openBundle(file, options));
}

/** Local file header signature "PK\x03\x04" (APPNOTE §4.3.7). */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
/** A local file header is 30 bytes before its name: a shorter file is not recognised as a bundle. */
const MIN_HEAD = 30;

/** The opener registered in src/node/verify/open-evidence.ts (EVIDENCE_OPENERS). */
export const bundleEvidenceOpener: EvidenceOpener = {
  name: 'evidence bundle (zip)',
  detect: (head) => head.length >= MIN_HEAD && ZIP_MAGIC.every((b, i) => head[i] === b),
  open: (file) => openBundleEvidence(file),
};
