/** Files people hand to `check` by mistake: says what they are and which command reads them. */
import { open } from 'node:fs/promises';
import { DRAFT_FORMAT } from '../../src-shared/drafts/draft.js';

const AGE_HEADERS = ['age-encryption.org/v1', '-----BEGIN AGE ENCRYPTED FILE-----'];
/** How `render` starts each format: text numbers the fields, Markdown has a title, JSON lists fields. */
const TICKET_STARTS = [
  /^1\. What can we help you with\?/,
  /^# CMK re-encryption request/,
  /^\[\s*\{\s*"field"/,
];
const TICKET_BANNER = /^(?:\*\*\* |> \*\*)?NOT READY TO SEND/;

async function head(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
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

/** A sentence naming the command for a file that is not a request, or undefined. */
export async function otherFileHint(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = (await head(path)).trimStart();
  } catch {
    return undefined;
  }
  if (AGE_HEADERS.some((header) => text.startsWith(header))) {
    return 'This is an age-encrypted file (a draft from a vault), not a request file. Import it with "cmk-rekey drafts import --vault DIR FILE", then "cmk-rekey drafts export --vault DIR <id>" prints the request it holds.';
  }
  if (new RegExp(`^\\{[^]*"format"\\s*:\\s*"${DRAFT_FORMAT}"`).test(text)) {
    return 'This is a decrypted CMK Rekey draft, not a request file. Drafts are read from their vault: "cmk-rekey drafts export --vault DIR <id>" prints the request a draft holds.';
  }
  if (TICKET_BANNER.test(text) || TICKET_STARTS.some((start) => start.test(text))) {
    return 'This is a ticket as "cmk-rekey render" prints it, not a request file. Check the request it was rendered from: "cmk-rekey check REQUEST.json".';
  }
  return undefined;
}
