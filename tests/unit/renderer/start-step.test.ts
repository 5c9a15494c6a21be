import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepStart from '../../../src-renderer/steps/StepStart.svelte';

describe('Before you start', () => {
  it("says which of its points are the app's advice rather than Atlassian's word", () => {
    render(StepStart, { form: new FormState(), onnavigate: vi.fn() });
    // No source asks for the region or the policy of a new key: domain notes §1.4, [I].
    expect(screen.getByText(/same AWS region as the key it replaces/)).toHaveTextContent(/^Our advice: /);
    // Nor says that automatic rotation needs no request: domain notes §1.5, [I].
    expect(screen.getByText(/automatic key rotation/)).toHaveTextContent(/^Our advice: /);
    // What to do after a statement of Atlassian's is ours too.
    expect(screen.getByText(/backups protected by them/)).toHaveTextContent(/Our advice: take new backups/);
    expect(screen.getByText(/CMK-enabled apps in your organization/)).toHaveTextContent(
      /Our advice: plan the downtime/,
    );
  });

  it('names the page of every statement taken from another Atlassian page than the re-encryption page', () => {
    render(StepStart, { form: new FormState(), onnavigate: vi.fn() });
    expect(screen.getByText(/Enterprise plan/)).toHaveTextContent(
      /Atlassian's “What is CMK encryption\?” page/,
    );
    expect(screen.getByText(/backups protected by them/)).toHaveTextContent(
      /Atlassian's page on CMK backups/,
    );
  });
});
