/**
 * `data/summary.pdf`: one readable record of a sealed request, made the same way by the app and the CLI
 * (plain Node, no window). Text stays extractable; the bundled IPAexGothic font (subset-embedded) renders
 * Japanese and Latin diacritics.
 */
import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PackRecord } from '../../src-shared/archive/pack-schema.js';
import type { HistoryEntry } from '../../src-shared/drafts/draft-schema.js';
import type { TicketText } from '../../src-shared/request/render.js';

const FONT_FILE = join('assets', 'fonts', 'ipaexg.ttf');
const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const SIZE = { title: 16, heading: 11, body: 9 } as const;

/** The parsed font, shared by every summary: parsing the 6 MB font is most of a seal's time. */
let parsedFont: Promise<Fontkit> | undefined;
type Fontkit = ReturnType<typeof fontkit.create>;

/** A fontkit for pdf-lib that hands out the one parsed font (each PDF still embeds its own subset). */
async function sharedFontkit(): Promise<{ fontkit: typeof fontkit; bytes: Buffer }> {
  parsedFont ??= readFile(fontPath()).then((bytes) => Object.assign(fontkit.create(bytes), { bytes }));
  const font = (await parsedFont) as Fontkit & { bytes: Buffer };
  return { fontkit: { ...fontkit, create: () => font }, bytes: font.bytes };
}

/** Finds the bundled font from the source tree, the compiled tree or the packaged app. */
function fontPath(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, FONT_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`the bundled font ${FONT_FILE} is missing from this installation`);
    folder = parent;
  }
}

export interface SummaryInput {
  readonly packName: string;
  readonly sealedAt: string;
  readonly signerFingerprint: string;
  /** The ticket's fields, as in the pack's ticket.txt (as sent, for a sent request). */
  readonly ticket: readonly TicketText[];
  readonly record: PackRecord;
}

class Writer {
  private page: PDFPage;
  private y: number;
  private readonly glyphs: ReadonlySet<number>;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    this.glyphs = new Set(font.getCharacterSet());
  }

  /**
   * A character the font has no glyph for (an emoji, ∑) would be drawn as nothing and lost from the
   * readable record: it is written as its code point instead, e.g. [U+1F600].
   */
  private printable(text: string): string {
    let shown = '';
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      shown +=
        char === '\n' || this.glyphs.has(code)
          ? char
          : `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
    }
    return shown;
  }

  private wrap(text: string, size: number): string[] {
    const width = PAGE.width - 2 * PAGE.margin;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      // break at spaces when possible, else between characters (Japanese has no spaces)
      for (const token of paragraph.split(/(?<= )/)) {
        if (this.font.widthOfTextAtSize(line + token, size) <= width) {
          line += token;
          continue;
        }
        if (line !== '') lines.push(line.trimEnd());
        line = '';
        for (const char of token) {
          if (this.font.widthOfTextAtSize(line + char, size) > width && line !== '') {
            lines.push(line);
            line = '';
          }
          line += char;
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  text(text: string, size: number = SIZE.body, gap = 2): void {
    for (const line of this.wrap(this.printable(text), size)) {
      if (this.y - size < PAGE.margin) {
        this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
        this.y = PAGE.height - PAGE.margin;
      }
      this.y -= size;
      this.page.drawText(line, { x: PAGE.margin, y: this.y, size, font: this.font, color: rgb(0, 0, 0) });
      this.y -= gap;
    }
  }

  heading(text: string): void {
    this.y -= 8;
    this.text(text, SIZE.heading, 4);
  }
}

function statusLines(record: PackRecord): string[] {
  const lines = [`Status: ${record.status}`, `Atlassian ticket: ${record.ticketRef || '(none)'}`];
  if (record.sentAt !== undefined)
    lines.push(`Sent: ${record.sentAt}${record.sentBy ? ` by ${record.sentBy}` : ''}`);
  if (record.completedAt !== undefined) lines.push(`Completed: ${record.completedAt}`);
  if (record.completionNote !== undefined) lines.push(`Completion note: ${record.completionNote}`);
  if (record.withdrawnReason !== undefined) lines.push(`Withdrawn: ${record.withdrawnReason}`);
  lines.push(`Draft: ${record.draftId}, revision ${String(record.revision)}`);
  if (record.supersedes !== undefined) lines.push(`Supersedes pack: ${record.supersedes}`);
  return lines;
}

function historyLine(entry: HistoryEntry): string {
  const who = entry.by.name === undefined ? entry.by.user : `${entry.by.name} (${entry.by.user})`;
  const what = [entry.event, ...(entry.fields ?? []), ...(entry.detail === undefined ? [] : [entry.detail])];
  return `${entry.at}  ${who}: ${what.join(', ')}`;
}

/**
 * The embedded font's name: a subset's starts with six capital letters and "+" (PDF 32000-1, 9.6.4), so
 * readers and checkers know it holds only the glyphs used. The tag comes from the pack's name: the same
 * input still gives the same PDF.
 */
function subsetFontName(packName: string): string {
  const digest = createHash('sha256').update(packName).digest();
  const tag = [...digest.subarray(0, 6)].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return `${tag}+IPAexGothic`;
}

/** Renders the summary PDF; deterministic for the same input (dates come from the seal). */
export async function renderSummaryPdf(input: SummaryInput): Promise<Uint8Array> {
  const shared = await sharedFontkit();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(shared.fontkit);
  const font = await pdf.embedFont(shared.bytes, {
    subset: true,
    customName: subsetFontName(input.packName),
  });
  const sealed = new Date(input.sealedAt);
  pdf.setTitle(`CMK re-encryption evidence pack ${input.packName}`);
  pdf.setCreator('CMK Rekey');
  pdf.setProducer('CMK Rekey');
  pdf.setCreationDate(sealed);
  pdf.setModificationDate(sealed);
  const writer = new Writer(pdf, font);
  writer.text('CMK re-encryption request: sealed evidence pack', SIZE.title, 6);
  writer.text(`Pack: ${input.packName}`);
  writer.text(`Title: ${input.record.title}`);
  writer.text(`Sealed: ${input.sealedAt}, signed by key ${input.signerFingerprint}`);
  writer.heading('Status and dates');
  for (const line of statusLines(input.record)) writer.text(line);
  writer.heading('Ticket (every field of the Atlassian support form)');
  for (const field of input.ticket) {
    writer.text(field.label, SIZE.body, 1);
    writer.text(field.value === '' ? '(left empty)' : field.value, SIZE.body, 6);
  }
  writer.heading('Warnings acknowledged when sending');
  if (input.record.warnings.length === 0) writer.text('None.');
  for (const warning of input.record.warnings) writer.text(`- ${warning}`);
  writer.heading('History');
  if (input.record.history.length === 0) writer.text('No history entries.');
  for (const entry of input.record.history) writer.text(`- ${historyLine(entry)}`);
  writer.heading('How to verify this pack');
  writer.text(
    [
      'This PDF is a readable copy; the evidence is the whole pack folder. In the pack folder run:',
      '  sha256sum --strict -c tagmanifest-sha256.txt && sha256sum --strict -c manifest-sha256.txt',
      '  ssh-keygen -Y verify -f allowed_signers -I <signer> -n cmk-rekey-archive -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt',
      'or: cmk-rekey archive verify <pack folder> --allowed-signers allowed_signers',
      'allowed_signers is your own list of trusted vault keys, never the copy inside the pack (docs/archive-format.md).',
    ].join('\n'),
  );
  return pdf.save({ useObjectStreams: true });
}
