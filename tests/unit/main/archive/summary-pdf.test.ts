import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSummaryPdf } from '../../../../src-main/archive/summary-pdf.js';
import { ticketFields } from '../../../../src-shared/request/render.js';
import { ACCOUNT_ID, ORGANIZATION_ID } from '../../../fixtures/requests.js';
import {
  DIACRITICS_NAME,
  JAPANESE_NOTE,
  TICKET_REF,
  packInput,
  signingKey,
  tempArchive,
} from '../../../fixtures/packs.js';

describe('summary.pdf', () => {
  it('keeps its text extractable with pdftotext: org ID, account, every ARN, ticket, Japanese, diacritics', async () => {
    const input = packInput(signingKey().privateKey);
    const pdf = await renderSummaryPdf({
      packName: '2026-11-30_012345678901_ABC-123456_0a1b2c3d',
      sealedAt: '2026-11-30T12:00:00.000Z',
      signerFingerprint: 'SHA256:test',
      ticket: ticketFields(input.request),
      record: input.record,
    });
    const path = join(await tempArchive(), 'summary.pdf');
    await writeFile(path, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    expect(text).toContain(ORGANIZATION_ID);
    expect(text).toContain(ACCOUNT_ID);
    expect(text).toContain(TICKET_REF);
    const keys = input.request['keys'] as { oldKeyArn: string; newKeyArn: string }[];
    expect(keys.length).toBeGreaterThan(1);
    for (const pair of keys) {
      expect(text).toContain(pair.oldKeyArn);
      expect(text).toContain(pair.newKeyArn);
    }
    expect(text).toContain(JAPANESE_NOTE);
    // the auditor's commands as docs/archive-format.md gives them (--strict: a malformed line fails)
    expect(text).toContain(
      'sha256sum --strict -c tagmanifest-sha256.txt && sha256sum --strict -c manifest-sha256.txt',
    );
    expect(text).toContain(DIACRITICS_NAME);
    // the font is embedded (with a Unicode map) as a subset, not whole: the TTF is 6 MB
    expect(pdf.length).toBeLessThan(200_000);
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
    // named as a subset (six capitals and "+"), so pdffonts says "sub: yes" (PDF 32000-1, 9.6.4)
    expect(fonts).toMatch(/^[A-Z]{6}\+IPAexGothic\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\b/m);
  });

  it('writes a character its font cannot draw as its code point, never as nothing', async () => {
    const input = packInput(signingKey().privateKey);
    const pdf = await renderSummaryPdf({
      packName: '2026-11-30_012345678901_ABC-123456_0a1b2c3d',
      sealedAt: '2026-11-30T12:00:00.000Z',
      signerFingerprint: 'SHA256:test',
      ticket: ticketFields({ ...input.request, notes: 'Sum ∑ of keys ≠ 2 😀 done' }),
      record: input.record,
    });
    const path = join(await tempArchive(), 'summary.pdf');
    await writeFile(path, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Sum [U+2211] of keys ≠ 2 [U+1F600] done');
  });
});
