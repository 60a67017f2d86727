/**
 * Where the verifier reads evidence from. The verification engine (verify-evidence.ts) depends on
 * this interface only, never on how evidence is stored, so that a directory, an evidence bundle
 * (zip) and a replica database are verified by exactly the same code.
 *
 * Every byte an EvidenceSource returns is treated as attacker-controlled: the engine checks sizes,
 * framing, hashes and signatures itself. An adapter must therefore NOT verify, repair, filter or
 * reorder anything: it returns the stored bytes exactly as stored (a replica adapter returns the raw
 * entry bytes it kept, not re-encoded ones), and `undefined` when something is absent. Keys never
 * come from a source: the auditor pins them (`VerifyOptions.logKey`).
 *
 * The logical layout is C2SP tlog-tiles (c2sp.org/tlog-tiles), plus the checkpoint history and the
 * registry's claimed state:
 *
 *   checkpoint                     the checkpoint the evidence presents as the latest (signed note)
 *   checkpoints/<size>-<n>         every checkpoint seen, with its cosignatures; <size> decimal, <n> =
 *                                  0, 1, … among notes of the same size, in the order they were seen
 *   checkpoints/seen-at.json       optional: { "<size>-<n>": "<RFC 3339 UTC time first seen>", … }
 *   tile/<L>/<N>[.p/<W>]           hash tiles, levels L = 0…63
 *   tile/entries/<N>[.p/<W>]       entry bundles (uint16 length ‖ entry bytes, per entry)
 *   claimed-state.json             optional: the registry's claimed state (claimed-state.ts)
 *
 * Writing an adapter (for the evidence-bundle zip, the replica's SQLite store, an HTTP mirror):
 * 1. `listCheckpoints` yields every checkpoint note held, verbatim (cosignature lines included), with
 *    a stable human-readable `source` (a zip adapter: the member name, e.g. "checkpoints/1000-0"; a
 *    replica: e.g. "replica:checkpoint/17" or "sync:<url>") and `seenAt` when it is known, in a
 *    deterministic order (the engine sorts, but sources name findings). Mark the one presented as
 *    the newest with `latest: true` (the `checkpoint` file; a replica's last verified checkpoint).
 *    Duplicates (the same bytes under two names) are fine: the engine de-duplicates.
 * 2. `readEntryBundle(index, width)` / `readHashTile(level, index, width)` return the stored tile of
 *    exactly that width (256 = full), or `undefined`. `storedWidths` lists which widths exist for a
 *    tile index, so that the engine can use a full or wider tile in place of a missing partial one
 *    (tlog-tiles allows deleting partial tiles once the full one exists) and can notice entries
 *    stored past the newest checkpoint. A replica that stores entries row by row builds the bundle
 *    bytes on the fly (uint16 big-endian length ‖ raw bytes, for the `width` entries of the tile),
 *    and builds hash tiles from its stored hashes; it must not recompute hashes from entries.
 * 3. `readClaimedState` returns the claimed-state JSON bytes as received from the registry's state
 *    API (or as stored in the bundle), never a re-serialisation.
 * 4. `inputHashes` returns the SHA-256 of the container(s) the evidence came in (the bundle file, its
 *    manifest), for the verification record; a directory returns none (the engine hashes every
 *    member it reads). `describe` names the source for people (kind and a base name, never a
 *    machine-specific absolute path: records must be the same on every auditor's machine).
 * 5. Errors: throw ProtocolError EVIDENCE_UNREADABLE for an I/O failure (the verification cannot be
 *    performed: exit 2), never for absent or malformed content (return the bytes or `undefined`; the
 *    engine reports findings). Honour size limits: an entry bundle is at most 256 × 65,537 bytes, a
 *    hash tile 8,192 bytes, a checkpoint note 1 MiB, a claimed state 256 MiB; anything larger may be
 *    refused with EVIDENCE_UNREADABLE.
 * 6. Register the adapter in open-evidence.ts (one entry in EVIDENCE_OPENERS) so that
 *    `warden verify <path>` recognises the file.
 */

/** One stored checkpoint note. */
export interface EvidenceCheckpoint {
  /** The signed note, byte for byte as stored. */
  readonly note: Uint8Array;
  /** Where it is stored, for findings ("checkpoint", "checkpoints/1000-0", …). */
  readonly source: string;
  /** When the holder first saw it (RFC 3339 UTC), when recorded. */
  readonly seenAt?: string;
  /** True for the checkpoint the evidence presents as its newest. */
  readonly latest?: boolean;
}

export interface EvidenceDescription {
  /** "directory", "bundle", "replica", "memory", … */
  readonly kind: string;
  /** A base name (never an absolute path). */
  readonly name: string;
  /** The origin the source was opened for, when the container names one (informational only). */
  readonly origin?: string;
}

export interface InputHash {
  readonly name: string;
  /** Lowercase hex SHA-256. */
  readonly sha256: string;
}

/** Which tile: a hash-tile level 0–63, or 'entries' for entry bundles. */
export type TileKind = number | 'entries';

export interface EvidenceSource {
  describe(): EvidenceDescription;
  /** Every stored checkpoint note (see the module comment). */
  listCheckpoints(): AsyncIterable<EvidenceCheckpoint>;
  /** The stored entry bundle `index` of exactly `width` entries (1–256), or undefined. */
  readEntryBundle(index: bigint, width: number): Promise<Uint8Array | undefined>;
  /** The stored hash tile at `level`, `index`, of exactly `width` hashes (1–256), or undefined. */
  readHashTile(level: number, index: bigint, width: number): Promise<Uint8Array | undefined>;
  /** The widths stored for tile `index` of `kind`, ascending (256 = the full tile). */
  storedWidths(kind: TileKind, index: bigint): Promise<readonly number[]>;
  /** The claimed-state JSON bytes, or undefined when the evidence holds none. */
  readClaimedState(): Promise<Uint8Array | undefined>;
  /** SHA-256 of the container files (see the module comment). */
  inputHashes(): Promise<readonly InputHash[]>;
  /** Releases files or connections. Optional. */
  close?(): Promise<void>;
}
