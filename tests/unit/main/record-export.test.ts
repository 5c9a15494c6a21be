/**
 * The provenance after an exported ticket: in Markdown, the ticket reference the user typed is read
 * literally, like every other value they typed (render.ts escapeLine), never as HTML or emphasis.
 */
import { describe, expect, it } from 'vitest';
import { withProvenance } from '../../../src-main/drafts/record-export.js';

describe('withProvenance', () => {
  const provenance = {
    generatedAt: '2026-12-03T10:00:00+00:00',
    app: 'CMK Rekey 1.2.3',
    draftId: 'a'.repeat(32),
    revision: 1,
    status: 'sent' as const,
    ticket: 'ABC-123 <img src=x onerror=alert(1)> **urgent**',
    requestSha256: 'b'.repeat(64),
  };

  it('escapes what the user typed in Markdown, and leaves text and JSON as typed', () => {
    const markdown = withProvenance('# CMK re-encryption request\n', 'markdown', provenance);
    expect(markdown).toContain(
      '- Atlassian ticket: ABC-123 \\<img src=x onerror=alert(1)\\> \\*\\*urgent\\*\\*\n',
    );
    expect(markdown).not.toMatch(/[^\\]<img/);
    expect(markdown).toContain(`- Draft: ${'a'.repeat(32)} (revision 1)\n`);
    expect(withProvenance('1. x\ny\n', 'text', provenance)).toContain(
      `Atlassian ticket: ${provenance.ticket}\n`,
    );
    const json = JSON.parse(withProvenance('[]', 'json', provenance)) as { value: string }[];
    expect(json[0]?.value).toContain(`Atlassian ticket: ${provenance.ticket}`);
  });
});
