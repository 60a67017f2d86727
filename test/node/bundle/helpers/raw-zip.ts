/**
 * A raw zip builder for hostile-bundle tests (PKWARE APPNOTE §4.3): every header field can be
 * overridden, so a test can write exactly the lie it wants the reader to catch. Local headers carry
 * CRC and sizes (no data descriptors) unless told otherwise.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  readonly name: string | Uint8Array;
  readonly data: Uint8Array;
  /** Default 8 (deflate). */
  readonly method?: number;
  readonly flags?: number;
  /** Declared CRC-32 (default: the real one). */
  readonly crc?: number;
  /** Declared uncompressed size in both headers (default: the real one). */
  readonly size?: number;
  /** The stored bytes (default: `data` deflated or stored per `method`). */
  readonly compressed?: Uint8Array;
  readonly extra?: Uint8Array;
  /** A different name in the local header. */
  readonly localName?: string;
  /** Central-directory-only overrides. */
  readonly centralOffset?: number;
  readonly diskStart?: number;
  /** Do not write a local header and data for this entry (its central entry still points somewhere). */
  readonly centralOnly?: boolean;
}

export interface RawZipOptions {
  readonly comment?: Uint8Array;
  readonly prefix?: Uint8Array;
  readonly eocd?: { entries?: number; cdOffset?: number; cdSize?: number; disk?: number };
  /** Bytes inserted between the last member and the central directory. */
  readonly gap?: Uint8Array;
}

const encoder = new TextEncoder();

function bytesOf(name: string | Uint8Array): Uint8Array {
  return typeof name === 'string' ? encoder.encode(name) : name;
}

class Out {
  readonly parts: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  u16(v: number): void {
    this.push(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff));
  }
  u32(v: number): void {
    this.push(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Builds a zip from `entries` (see RawEntry for the lies it can tell). */
export function buildZip(entries: readonly RawEntry[], options: RawZipOptions = {}): Uint8Array {
  const out = new Out();
  if (options.prefix !== undefined) out.push(options.prefix);
  const placed: { entry: RawEntry; offset: number; compressed: Uint8Array }[] = [];
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const compressed = entry.compressed ?? (method === 8 ? new Uint8Array(deflateRawSync(entry.data)) : entry.data);
    const offset = out.length;
    placed.push({ entry, offset, compressed });
    if (entry.centralOnly === true) continue;
    const name = bytesOf(entry.localName ?? entry.name);
    const extra = entry.extra ?? new Uint8Array(0);
    out.u32(0x04034b50);
    out.u16(20);
    out.u16(entry.flags ?? 0);
    out.u16(method);
    out.u16(0);
    out.u16(0x21);
    out.u32(entry.crc ?? crc32(entry.data) >>> 0);
    out.u32(compressed.length);
    out.u32(entry.size ?? entry.data.length);
    out.u16(name.length);
    out.u16(extra.length);
    out.push(name);
    out.push(extra);
    out.push(compressed);
  }
  if (options.gap !== undefined) out.push(options.gap);
  const cdOffset = out.length;
  for (const { entry, offset, compressed } of placed) {
    const name = bytesOf(entry.name);
    const extra = entry.extra ?? new Uint8Array(0);
    out.u32(0x02014b50);
    out.u16(20);
    out.u16(20);
    out.u16(entry.flags ?? 0);
    out.u16(entry.method ?? 8);
    out.u16(0);
    out.u16(0x21);
    out.u32(entry.crc ?? crc32(entry.data) >>> 0);
    out.u32(compressed.length);
    out.u32(entry.size ?? entry.data.length);
    out.u16(name.length);
    out.u16(extra.length);
    out.u16(0);
    out.u16(entry.diskStart ?? 0);
    out.u16(0);
    out.u32(0);
    out.u32(entry.centralOffset ?? offset);
    out.push(name);
    out.push(extra);
  }
  const cdSize = out.length - cdOffset;
  const comment = options.comment ?? new Uint8Array(0);
  out.u32(0x06054b50);
  out.u16(options.eocd?.disk ?? 0);
  out.u16(0);
  out.u16(options.eocd?.entries ?? entries.length);
  out.u16(options.eocd?.entries ?? entries.length);
  out.u32(options.eocd?.cdSize ?? cdSize);
  out.u32(options.eocd?.cdOffset ?? cdOffset);
  out.u16(comment.length);
  out.push(comment);
  return out.bytes();
}
