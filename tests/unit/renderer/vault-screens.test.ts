import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CreateVault from '../../../src-renderer/screens/CreateVault.svelte';
import SettingsScreen from '../../../src-renderer/screens/SettingsScreen.svelte';
import UnlockVault from '../../../src-renderer/screens/UnlockVault.svelte';
import type { Failure } from '../../../src-shared/ipc/result.js';
import { NO_POLICY, policy } from '../../../src-renderer/lib/policy.svelte.js';
import { vaultStatus } from './fixtures.js';
import { PASSPHRASE } from './fake-vault.js';

const FOLDER = '/home/admin/.config/cmk-rekey/vault';
const wrong: Failure = { ok: false, code: 'wrong-passphrase', message: 'The passphrase is not right.' };

function fresh() {
  return {
    oncreate: vi.fn<(passphrase: string) => Promise<Failure | undefined>>(() => Promise.resolve(undefined)),
    onchoosefolder: vi.fn<() => Promise<Failure | undefined>>(() => Promise.resolve(undefined)),
  };
}

afterEach(() => {
  policy.view = NO_POLICY;
});

describe('CreateVault', () => {
  it('explains the vault and lets password managers fill both fields', () => {
    render(CreateVault, { folder: FOLDER, ...fresh() });
    expect(screen.getByRole('heading', { level: 2, name: 'Set up encrypted drafts' })).toHaveFocus();
    expect(screen.getByText(/If you forget the passphrase/)).toBeInTheDocument();
    expect(screen.getByText(FOLDER)).toBeInTheDocument();
    for (const name of ['Passphrase', 'Passphrase again']) {
      const field = screen.getByLabelText(name);
      expect(field).toHaveAttribute('type', 'password');
      expect(field).toHaveAttribute('autocomplete', 'new-password');
    }
  });

  it('says when the chosen folder is not there, offers Try again, and creates a new vault only when asked', async () => {
    const onretry = vi.fn();
    const handlers = fresh();
    render(CreateVault, { folder: FOLDER, folderMissing: true, onretry, ...handlers });
    expect(
      screen.getByRole('heading', { level: 2, name: 'The folder of your drafts cannot be found' }),
    ).toHaveFocus();
    expect(screen.getByText(/The folder chosen for your drafts is not there/)).toHaveTextContent(FOLDER);
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onretry).toHaveBeenCalledOnce();
    expect(handlers.oncreate).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Create the vault' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create a new vault there' })).toBeVisible();
  });

  it('says when the settings are damaged, and points to the folder choice', () => {
    render(CreateVault, { folder: FOLDER, settingsDamaged: true, ...fresh() });
    expect(screen.getByText(/Your settings could not be read/)).toHaveTextContent(
      "Your settings could not be read: settings.json in the app's data folder is damaged. So this is the default folder for drafts, not necessarily yours.",
    );
    expect(screen.getByRole('button', { name: 'Use another folder…' })).toBeVisible();
  });

  it('does not block pasting', async () => {
    render(CreateVault, { folder: FOLDER, ...fresh() });
    const field = screen.getByLabelText('Passphrase');
    // fireEvent returns false when a handler called preventDefault().
    expect(await fireEvent.paste(field)).toBe(true);
  });

  it('rates the passphrase while it is typed, with advice', async () => {
    render(CreateVault, { folder: FOLDER, ...fresh() });
    expect(screen.getByText('Strength: nothing entered yet')).toBeInTheDocument();
    const field = screen.getByLabelText('Passphrase');
    await fireEvent.input(field, { target: { value: 'password1' } });
    expect(screen.getByText(/^Strength:/)).toHaveTextContent('Strength: too weak (not accepted)');
    expect(screen.getByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(field).toHaveAccessibleDescription(/too weak/);
    await fireEvent.input(field, { target: { value: PASSPHRASE } });
    expect(screen.getByText(/^Strength:/)).toHaveTextContent('Strength: very strong');
    expect(screen.queryByText('Use at least 10 characters.')).not.toBeInTheDocument();
  });

  it('says when the two entries differ, and when they match', async () => {
    render(CreateVault, { folder: FOLDER, ...fresh() });
    await fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: PASSPHRASE } });
    const again = screen.getByLabelText('Passphrase again');
    await fireEvent.input(again, { target: { value: 'copper' } });
    // Still typing: no complaint yet.
    expect(screen.queryByText(/not the same/)).not.toBeInTheDocument();
    await fireEvent.blur(again);
    expect(again).toHaveAccessibleDescription(/The two passphrases are not the same\./);
    expect(again).toHaveAttribute('aria-invalid', 'true');
    await fireEvent.input(again, { target: { value: PASSPHRASE } });
    expect(screen.getByText(/The passphrases match\./)).toBeInTheDocument();
    expect(again).toHaveAttribute('aria-invalid', 'false');
  });

  it('refuses a weak passphrase at the field, and creates the vault with a good one', async () => {
    const props = { folder: FOLDER, ...fresh() };
    render(CreateVault, props);
    const field = screen.getByLabelText('Passphrase');
    await fireEvent.input(field, { target: { value: 'summer2024' } });
    await fireEvent.input(screen.getByLabelText('Passphrase again'), { target: { value: 'summer2024' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create the vault' }));
    expect(props.oncreate).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(field).toHaveFocus());
    expect(field).toHaveAccessibleDescription(/This passphrase is too weak/);
    await fireEvent.input(field, { target: { value: PASSPHRASE } });
    await fireEvent.input(screen.getByLabelText('Passphrase again'), { target: { value: PASSPHRASE } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create the vault' }));
    expect(props.oncreate).toHaveBeenCalledWith(PASSPHRASE);
  });

  it('shows the characters on request and offers another folder', async () => {
    const props = { folder: FOLDER, ...fresh() };
    render(CreateVault, props);
    await fireEvent.click(screen.getByLabelText('Show the passphrases'));
    expect(screen.getByLabelText('Passphrase')).toHaveAttribute('type', 'text');
    expect(screen.getByLabelText('Passphrase again')).toHaveAttribute('type', 'text');
    await fireEvent.click(screen.getByRole('button', { name: 'Use another folder…' }));
    expect(props.onchoosefolder).toHaveBeenCalledOnce();
  });

  it('offers no other folder when the organization sets it (main refuses one)', () => {
    policy.view = { ...NO_POLICY, locked: ['vaultFolder'] };
    render(CreateVault, { folder: FOLDER, ...fresh() });
    expect(screen.queryByRole('button', { name: 'Use another folder…' })).not.toBeInTheDocument();
    expect(screen.getByText('Set by your organization')).toBeInTheDocument();
  });
});

describe('UnlockVault', () => {
  it('a wrong passphrase says so clearly, and the field keeps focus and its text', async () => {
    const onunlock = vi.fn<(passphrase: string) => Promise<Failure | undefined>>(() =>
      Promise.resolve(wrong),
    );
    render(UnlockVault, { folder: FOLDER, onunlock, onchoosefolder: fresh().onchoosefolder });
    const field = screen.getByLabelText('Passphrase');
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute('autocomplete', 'current-password');
    await fireEvent.input(field, { target: { value: 'copper lantern' } });
    await fireEvent.submit(field.closest('form') as HTMLFormElement);
    expect(onunlock).toHaveBeenCalledWith('copper lantern');
    await vi.waitFor(() => expect(field).toHaveAccessibleDescription(/That passphrase is not right\./));
    expect(field).toHaveFocus();
    expect(field).toHaveValue('copper lantern');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('heading', { level: 2, name: 'Unlock your drafts' })).toBeInTheDocument();
  });

  it('shows why it locked, tied to the field', () => {
    render(UnlockVault, {
      folder: FOLDER,
      message: 'Locked after 10 minutes without input. Your draft “acme” is saved.',
      onunlock: vi.fn(),
      onchoosefolder: vi.fn(),
    });
    expect(screen.getByLabelText('Passphrase')).toHaveAccessibleDescription(/Locked after 10 minutes/);
  });

  it('offers another folder, and says so when the passphrase is lost', () => {
    render(UnlockVault, { folder: FOLDER, onunlock: vi.fn(), onchoosefolder: vi.fn() });
    expect(screen.getByRole('button', { name: 'Use another folder…' })).toBeInTheDocument();
    expect(screen.getByText(/choose another folder to start a new, empty vault/)).toBeInTheDocument();
  });

  it('with the folder set by the organization, offers none and sends a lost passphrase to IT', () => {
    policy.view = { ...NO_POLICY, locked: ['vaultFolder'] };
    render(UnlockVault, { folder: FOLDER, onunlock: vi.fn(), onchoosefolder: vi.fn() });
    expect(screen.queryByRole('button', { name: 'Use another folder…' })).not.toBeInTheDocument();
    expect(screen.getByText('Set by your organization')).toBeInTheDocument();
    expect(screen.queryByText(/choose another folder/)).not.toBeInTheDocument();
    expect(screen.getByText(/ask your IT team to move this vault aside/)).toBeInTheDocument();
  });
});

describe('SettingsScreen', () => {
  const ORGANIZATION_KEY = 'age1fzhys6z4jzawu2t907kemq4dk9g05837csk4pakl3xx4wn06epts2ls6cv';

  function props() {
    return {
      status: vaultStatus({ autoLockMinutes: 10 }),
      onsetautolock: vi.fn<(minutes: number) => Promise<Failure | undefined>>(() =>
        Promise.resolve(undefined),
      ),
      onchangepassphrase: vi.fn<(current: string, next: string) => Promise<Failure | undefined>>(() =>
        Promise.resolve(undefined),
      ),
      onsetrecipients: vi.fn<(recipients: string[]) => Promise<Failure | undefined>>(() =>
        Promise.resolve(undefined),
      ),
      onchoosefolder: vi.fn<() => Promise<Failure | undefined>>(() => Promise.resolve(undefined)),
    };
  }

  it('sets the auto-lock minutes, 0 for off, and refuses other values', async () => {
    const settings = props();
    render(SettingsScreen, settings);
    const minutes = screen.getByLabelText('Lock after this many minutes without input');
    expect(minutes).toHaveValue(10);
    await fireEvent.input(minutes, { target: { value: '500' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save auto-lock' }));
    expect(settings.onsetautolock).not.toHaveBeenCalled();
    expect(minutes).toHaveAccessibleDescription(/from 0 to 240/);
    await fireEvent.input(minutes, { target: { value: '0' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save auto-lock' }));
    expect(settings.onsetautolock).toHaveBeenCalledWith(0);
    expect(await screen.findByText(/auto-lock is off/)).toBeInTheDocument();
  });

  it("counts the organization's locked compliance keys when it says whom saved drafts are encrypted for", async () => {
    policy.view = {
      ...NO_POLICY,
      locked: ['complianceRecipients'],
      complianceRecipients: [ORGANIZATION_KEY],
    };
    render(SettingsScreen, props());
    await fireEvent.input(screen.getByLabelText('Passphrase (to confirm the change)'), {
      target: { value: PASSPHRASE },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save recipients' }));
    // The list is empty, but every save is also encrypted for the organization's key: not "only for this vault".
    expect(await screen.findByText(/also encrypted for 1 more recipient\./u)).toBeInTheDocument();
  });

  it('drops a recipient error once the list is tried again, whatever main says of the next try', async () => {
    const settings = props();
    settings.onsetrecipients
      .mockResolvedValueOnce({
        ok: false,
        code: 'invalid-argument',
        message: '"age1nope" is not an age recipient.',
      })
      .mockResolvedValueOnce(wrong);
    render(SettingsScreen, settings);
    const list = screen.getByLabelText(/Also encrypt drafts for/);
    const passphrase = screen.getByLabelText('Passphrase (to confirm the change)');
    await fireEvent.input(list, { target: { value: 'age1nope' } });
    await fireEvent.input(passphrase, { target: { value: PASSPHRASE } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save recipients' }));
    await vi.waitFor(() => expect(list).toHaveAccessibleDescription(/"age1nope" is not an age recipient/));
    await fireEvent.input(list, {
      target: { value: 'age1fzhys6z4jzawu2t907kemq4dk9g05837csk4pakl3xx4wn06epts2ls6cv' },
    });
    await fireEvent.input(passphrase, { target: { value: 'not it at all' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save recipients' }));
    await vi.waitFor(() => expect(passphrase).toHaveAccessibleDescription(/not the passphrase/));
    expect(list).not.toHaveAccessibleDescription(/age1nope/);
    expect(list).toHaveAttribute('aria-invalid', 'false');
  });

  it('changes the passphrase; a wrong current one is shown at its field', async () => {
    const settings = props();
    settings.onchangepassphrase.mockResolvedValueOnce(wrong);
    render(SettingsScreen, settings);
    const current = screen.getByLabelText('Current passphrase');
    expect(current).toHaveAttribute('autocomplete', 'current-password');
    expect(screen.getByLabelText('New passphrase')).toHaveAttribute('autocomplete', 'new-password');
    await fireEvent.input(current, { target: { value: 'not it at all' } });
    await fireEvent.input(screen.getByLabelText('New passphrase'), {
      target: { value: 'maple orbit tunnel fiddle quartz' },
    });
    await fireEvent.input(screen.getByLabelText('New passphrase again'), {
      target: { value: 'maple orbit tunnel fiddle quartz' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(settings.onchangepassphrase).toHaveBeenCalledWith(
      'not it at all',
      'maple orbit tunnel fiddle quartz',
    );
    await vi.waitFor(() => expect(current).toHaveAccessibleDescription(/not the current passphrase/));
    expect(current).toHaveFocus();
    await fireEvent.input(current, { target: { value: PASSPHRASE } });
    await fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByText(/Passphrase changed\./)).toBeInTheDocument();
    expect(current).toHaveValue('');
  });
});
