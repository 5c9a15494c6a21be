/** age encryption to X25519 recipients and decryption with the vault's identity (age-encryption package). */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Decrypter, Encrypter, armor, identityToRecipient } from 'age-encryption';
import { X25519Recipient, identityKey } from './x25519.js';

const CHUNK = 64 * 1024;

/** Feeds bytes 64 KiB at a time, one event-loop turn apart: big files never block the loop for long. */
function yieldingStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await nextTurn();
      if (offset >= bytes.length) controller.close();
      else controller.enqueue(bytes.slice(offset, (offset += CHUNK)));
    },
  });
}

/** Feeds the UTF-8 of `parts` joined, at least 64 KiB at a time (a part is never split), one turn apart. */
function yieldingTextStream(parts: readonly string[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await nextTurn();
      if (next >= parts.length) {
        controller.close();
        return;
      }
      const chunk: string[] = [];
      for (let length = 0; length < CHUNK && next < parts.length; next++) {
        const part = parts[next] ?? '';
        chunk.push(part);
        length += part.length;
      }
      controller.enqueue(Buffer.from(chunk.join(''), 'utf8'));
    },
  });
}

/** All of `bytes` as one chunk of a stream. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  return Buffer.concat(parts);
}

/**
 * The age library's own calls on bytes collect their output through fetch's Response, whose first use in
 * a process loads Node's fetch implementation: ~50 ms of blocked event loop, at the first unlock or save.
 * These go through streams instead and collect the output here.
 */
export async function encryptBytes(encrypter: Encrypter, plaintext: string | Uint8Array): Promise<Buffer> {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return collect(await encrypter.encrypt(streamOf(bytes)));
}

export async function decryptBytes(decrypter: Decrypter, ciphertext: Uint8Array): Promise<Buffer> {
  return collect(await decrypter.decrypt(streamOf(ciphertext)));
}

/** An X25519 age recipient as `age-keygen` prints it (age1 + 58 bech32 characters). */
const RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/u;

/** Whether `text` is a well-formed X25519 age recipient (checksum included). */
export function isX25519Recipient(text: string): boolean {
  if (!RECIPIENT_PATTERN.test(text)) return false;
  try {
    new Encrypter().addRecipient(text);
    return true;
  } catch {
    return false;
  }
}

/** Encrypts to a fixed set of recipients; one instance is reused for every save. */
export class RecipientEncrypter {
  private readonly encrypter = new Encrypter();

  constructor(readonly recipients: readonly string[]) {
    for (const recipient of recipients) this.encrypter.addRecipient(new X25519Recipient(recipient));
  }

  encrypt(plaintext: string): Promise<Uint8Array> {
    return encryptBytes(this.encrypter, plaintext);
  }

  /**
   * Same, for a large plaintext (the index), given as the parts it is made of: they are encoded and
   * encrypted in chunks, yielding to the event loop in between, never joined into one string.
   */
  async encryptLarge(parts: readonly string[]): Promise<Uint8Array> {
    return collect(await this.encrypter.encrypt(yieldingTextStream(parts)));
  }
}

/** `foreign`: a well-formed header with no stanza for this identity (another key's file). */
type DecryptFailure = { readonly ok: false; readonly reason: string; readonly foreign?: boolean };

export type Decrypted = { readonly ok: true; readonly text: string } | DecryptFailure;

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

/**
 * An age file as `age -a` writes it (ASCII armor, age's own format) turned into the binary one; any other
 * bytes as they are. Only files the user chose to import come this way: the vault writes binary files.
 */
export function unarmored(
  bytes: Uint8Array,
): { readonly ok: true; readonly bytes: Uint8Array } | DecryptFailure {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.trimStart().startsWith(ARMOR_BEGIN)) return { ok: true, bytes };
  try {
    return { ok: true, bytes: armor.decode(text) };
  } catch (error) {
    return {
      ok: false,
      reason: `its ASCII armor is damaged (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

function decryptFailure(error: unknown): DecryptFailure {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('no identity matched')
    ? {
        ok: false,
        foreign: true,
        reason: "it is not encrypted to this vault's key (or its header is damaged)",
      }
    : { ok: false, reason: `it cannot be decrypted (${message})` };
}

/** Decrypts age files with the vault's X25519 identity (or, checking a vault, a recipient's identities). */
export class IdentityDecrypter {
  private readonly decrypter = new Decrypter();

  private constructor(readonly recipient: string) {}

  /**
   * `identity` is an `AGE-SECRET-KEY-1…` line, or several (an identity file may hold more than one, as
   * `age -i` reads it): a file opens if any of them opens it. `recipient` is the first one's.
   */
  static async create(identity: string | readonly string[]): Promise<IdentityDecrypter> {
    const identities = typeof identity === 'string' ? [identity] : identity;
    const first = identities[0];
    if (first === undefined) throw new Error('IdentityDecrypter needs at least one identity');
    const decrypter = new IdentityDecrypter(await identityToRecipient(first));
    for (const each of identities) decrypter.decrypter.addIdentity(await identityKey(each));
    return decrypter;
  }

  /** Never throws: a damaged file, or one not encrypted to this identity, gives a reason instead. */
  async decrypt(ciphertext: Uint8Array): Promise<Decrypted> {
    let bytes: Uint8Array;
    try {
      bytes = await decryptBytes(this.decrypter, ciphertext);
    } catch (error) {
      return decryptFailure(error);
    }
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, reason: 'its content is not UTF-8 text' };
    }
  }

  /**
   * Decrypts a large file (the index) 64 KiB at a time, one event-loop turn apart, and hands each piece
   * of plaintext to `take` as it is authenticated (a damaged or cut file fails at the piece where it does,
   * so pieces already taken count only once the whole file is `ok`). Never throws, if `take` does not.
   */
  async decryptInChunks(
    ciphertext: Uint8Array,
    take: (plaintext: Uint8Array) => void,
  ): Promise<{ readonly ok: true } | DecryptFailure> {
    try {
      const reader = (await this.decrypter.decrypt(yieldingStream(ciphertext))).getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) take(next.value);
      return { ok: true };
    } catch (error) {
      return decryptFailure(error);
    }
  }
}
