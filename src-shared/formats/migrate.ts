/**
 * Versioned formats: every stored JSON format names its version, and a chain of pure migrations (one per
 * step, vN → vN+1) brings an older file up to the version this app writes. A file of a newer version
 * than the app knows is never guessed at: it is refused with a clear message and left as it is.
 */

type JsonRecord = Record<string, unknown>;

/** One step: takes a valid version N document, returns a valid version N + 1 document. Pure. */
export type Migration = (document: JsonRecord) => JsonRecord;

export interface FormatChain {
  /** The `format` field's value. */
  readonly format: string;
  /** What users call it in messages ("draft", "request file"…). */
  readonly noun: string;
  /** `steps[i]` migrates version i + 1 to version i + 2; the latest version is steps.length + 1. */
  readonly steps: readonly Migration[];
}

export type Migrated =
  | { readonly kind: 'current'; readonly document: JsonRecord; readonly from: number }
  | { readonly kind: 'newer'; readonly version: number; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

export function latestVersion(chain: FormatChain): number {
  return chain.steps.length + 1;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message for a file made by a newer app; shared by every format so they all read alike. */
export function newerVersionMessage(chain: FormatChain, version: number): string {
  return newerMessage(chain.noun, version, latestVersion(chain));
}

/** The same for a format without a migration chain (the sealed-draft envelope): its noun and latest version. */
export function newerMessage(noun: string, version: number, latest: number): string {
  return (
    `This ${noun} was written by a newer version of CMK Rekey (version ${String(version)}; this app ` +
    `reads up to version ${String(latest)}). Update CMK Rekey to open it; the file was not changed.`
  );
}

/**
 * Brings a document of `chain`'s format up to the latest version (no change when it is the latest).
 * Only the version number is looked at here; each version's schema checks the result.
 */
export function migrate(value: unknown, chain: FormatChain): Migrated {
  if (!isRecord(value) || value['format'] !== chain.format) {
    return { kind: 'invalid', message: `This is not a CMK Rekey ${chain.noun} (format "${chain.format}").` };
  }
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return { kind: 'invalid', message: `This ${chain.noun} has no valid version number.` };
  }
  if (version > latestVersion(chain)) {
    return { kind: 'newer', version, message: newerVersionMessage(chain, version) };
  }
  let document = value;
  for (let step = version; step < latestVersion(chain); step++) {
    const next = chain.steps[step - 1];
    if (next === undefined) break;
    document = { ...next(document), format: chain.format, version: step + 1 };
  }
  return { kind: 'current', document, from: version };
}
