/**
 * Where a sync reads a log from. The sync engine verifies everything a source returns (signatures,
 * sizes, hashes against the signed root), so a source is trusted for nothing: the HTTP source
 * (http-log-source.ts) reads a C2SP tlog-tiles server, an evidence-bundle reader reads the same
 * layout from a file, and both feed the same verification path (sync-replica.ts).
 *
 * Contract: the methods return the raw bytes of the named resource, or throw. A source's own
 * failures should be ReplicaError codes where one fits (the retryable ones, RETRYABLE_CODES in
 * src/node/replica/replica-error.ts, are retried with backoff; anything else ends the sync at once).
 * Implementations must honour `signal` and must bound what they read (a hostile source may send
 * endless data).
 */

export interface LogSource {
  /** Where checkpoints come from, recorded with each one (a URL, or `bundle:<file>`). */
  readonly location: string;
  /** The newest signed checkpoint note (c2sp.org/tlog-checkpoint), as text. */
  fetchCheckpoint(signal?: AbortSignal): Promise<string>;
  /**
   * Hash tile `tile/<level>/<index>[.p/<width>]` (c2sp.org/tlog-tiles): `width` hashes of 32 bytes,
   * width 256 for a full tile. The caller checks the size.
   */
  fetchTile(level: number, index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Entry bundle `tile/entries/<index>[.p/<width>]`: `width` entries, each uint16-length-prefixed. */
  fetchEntryBundle(index: bigint, width: number, signal?: AbortSignal): Promise<Uint8Array>;
}
