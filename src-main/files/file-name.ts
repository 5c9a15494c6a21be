/** File names the app suggests in Save dialogs, made from what the user typed (a draft's title). */

/** Device names Windows reserves, with any extension ("CON.age" is the console, not a file). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/iu;
/** Characters Windows refuses in a name (macOS refuses ':' and '/'), and invisible or control ones. */
const REFUSED = /[<>:"/\\|?*\p{Cc}\p{Cf}]+/gu;
/** Far below the 255 bytes file systems allow, leaving room for the extension and the temp file's suffix. */
const MAX_NAME_BYTES = 150;

/** The longest start of `text`, whole characters only, that takes at most `bytes` bytes in UTF-8. */
function cutToBytes(text: string, bytes: number): string {
  let kept = '';
  for (const character of text) {
    if (Buffer.byteLength(kept + character) > bytes) break;
    kept += character;
  }
  return kept;
}

/**
 * A file name stem from `title`, writable on Windows, macOS and Linux: letters and digits of every script
 * kept (in NFC: a title typed composed or decomposed gives one name), what Windows refuses turned into
 * spaces, no leading dot (a hidden file), no trailing dots or spaces (Windows drops them), never a reserved
 * device name; `fallback` when nothing is left.
 */
export function fileNameFrom(title: string, fallback: string): string {
  const cleaned = title.normalize('NFC').replace(REFUSED, ' ').replace(/\s+/gu, ' ');
  const stem = cutToBytes(cleaned.trim().replace(/^\.+/u, ''), MAX_NAME_BYTES).replace(/[. ]+$/u, '');
  if (stem === '') return fallback;
  const device = stem.split('.')[0]?.trim() ?? '';
  return WINDOWS_DEVICE.test(device) ? `${fallback} ${stem}` : stem;
}
