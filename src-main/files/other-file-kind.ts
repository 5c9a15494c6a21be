/** Files people open as a request by mistake: an encrypted draft, a decrypted draft, a rendered ticket. */
import { open } from 'node:fs/promises';
import { DRAFT_FORMAT } from '../../src-shared/drafts/draft.js';
import { READ_USER_FLAGS } from './safe-fs.js';

export type OtherFileKind = 'age' | 'draft' | 'ticket';

const AGE_HEADERS = ['age-encryption.org/v1', '-----BEGIN AGE ENCRYPTED FILE-----'];
/** How `render` starts each format: text numbers the fields, Markdown has a title, JSON lists fields. */
const TICKET_STARTS = [
  /^1\. What can we help you with\?/,
  /^# CMK re-encryption request/,
  /^\[\s*\{\s*"field"/,
];
const TICKET_BANNER = /^(?:\*\*\* |> \*\*)?NOT READY TO SEND/;

/** The first bytes of a regular file ('' for anything else: a named pipe would wait for a writer for ever). */
async function head(path: string): Promise<string> {
  const handle = await open(path, READ_USER_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) return '';
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('latin1')
      .replace(/^\uFEFF|^ï»¿/, '');
  } finally {
    await handle.close();
  }
}

/** What a file that is not a request is, from its first bytes; undefined when it is none of these. */
export async function otherFileKind(path: string): Promise<OtherFileKind | undefined> {
  let text: string;
  try {
    text = (await head(path)).trimStart();
  } catch {
    return undefined;
  }
  if (AGE_HEADERS.some((header) => text.startsWith(header))) return 'age';
  if (new RegExp(`^\\{[^]*"format"\\s*:\\s*"${DRAFT_FORMAT}"`).test(text)) return 'draft';
  if (TICKET_BANNER.test(text) || TICKET_STARTS.some((start) => start.test(text))) return 'ticket';
  return undefined;
}
