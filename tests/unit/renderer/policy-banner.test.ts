/** The banner over every screen while a policy file cannot be fully read: the file, its problems, and what plays safe. */
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import PolicyBanner from '../../../src-renderer/components/PolicyBanner.svelte';
import { NO_POLICY, policy } from '../../../src-renderer/lib/policy.svelte.js';

afterEach(() => {
  policy.view = NO_POLICY;
});

describe('PolicyBanner', () => {
  it('says the vault locks after a minute when only the idle lock could not be read', () => {
    policy.view = {
      ...NO_POLICY,
      files: [
        {
          kind: 'system',
          path: '/etc/cmk-rekey/policy.json',
          state: 'invalid',
          problems: ['line 4: idleLockMinutes.value: Too big: expected number to be <=240.'],
        },
      ],
      locked: ['idleLockMinutes'],
      safe: ['idleLockMinutes'],
    };
    render(PolicyBanner);
    const banner = screen.getByRole('alert');
    expect(banner).toHaveTextContent('/etc/cmk-rekey/policy.json (system policy)');
    expect(banner).toHaveTextContent('line 4: idleLockMinutes.value: Too big');
    // The user sees the vault lock every minute: the banner must say that this is why.
    expect(banner).toHaveTextContent(
      'plays safe with what it could not read: the vault locks after 1 idle minute.',
    );
  });
});
