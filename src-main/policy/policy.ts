/**
 * The organization's policy as main-process services see it: typed accessors over the policy files read
 * at start, combined with the user's own settings. Precedence and safe fallbacks: src-shared/policy/effective.ts.
 */
import {
  MAX_PROBLEM_CHARS,
  MAX_SHOWN_PROBLEMS,
  builtInDefaults,
  resolvePolicy,
  type EffectivePolicy,
  type PolicyLayer,
  type PolicyView,
  type UserValues,
} from '../../src-shared/policy/effective.js';
import { POLICY_KEYS, RESTRICTION_KEYS, type PolicyKey } from '../../src-shared/policy/policy-schema.js';
import type { RealmId } from '../../src-shared/request/realms.js';
import type { LockedValues } from '../../src-shared/request/validate.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import type { VaultOptions } from '../vault/vault-core.js';
import { problemLines, readPolicyLayers, type PolicyPaths } from './load-policy.js';

/**
 * A file's problems as the renderer can take them: a file with hundreds (or a key name thousands of
 * characters long) would break the answer, and the app would look as if no policy were in force.
 */
function shownProblems(layer: PolicyLayer): string[] {
  const lines = problemLines(layer).map((line) =>
    line.length > MAX_PROBLEM_CHARS ? `${line.slice(0, MAX_PROBLEM_CHARS - 1)}…` : line,
  );
  if (lines.length <= MAX_SHOWN_PROBLEMS) return lines;
  const more = lines.length - MAX_SHOWN_PROBLEMS + 1;
  return [
    ...lines.slice(0, MAX_SHOWN_PROBLEMS - 1),
    `… and ${String(more)} more problems: "cmk-rekey policy check" lists them all.`,
  ];
}

export class Policy {
  constructor(
    /** Policy files in precedence order (system first); none means no policy. */
    readonly layers: readonly PolicyLayer[],
    private readonly defaultVaultFolder: string,
  ) {}

  static async load(paths: PolicyPaths, defaultVaultFolder: string): Promise<Policy> {
    return new Policy(await readPolicyLayers(paths), defaultVaultFolder);
  }

  /** Every key's value and source, given what the user set in the app. */
  resolve(user: UserValues = {}): EffectivePolicy {
    return resolvePolicy(this.layers, user, builtInDefaults(this.defaultVaultFolder));
  }

  /** Whether a key is locked (by a policy file, or at its safe value because a file is unreadable). */
  isLocked(key: PolicyKey): boolean {
    return this.resolve()[key].locked;
  }

  /** The policy file that is in force, or the first unreadable one (shown in Settings and the banner). */
  get files(): readonly PolicyLayer[] {
    return this.layers.filter((layer) => layer.state !== 'absent');
  }

  /** Ticket exports (.txt/.md/.json), request .json files and copy buttons. */
  get plaintextExportsAllowed(): boolean {
    return this.resolve().plaintextExports.value;
  }

  /** For "Mark as sent" (issue 7): needs a request without errors and a ticked checklist. */
  get markSentRequiresReady(): boolean {
    return this.resolve().markSentRequiresReady.value;
  }

  /** For archive verification (issue 8): allowed-signers lines, or none trusted when unreadable. */
  get trustedSigners(): readonly string[] {
    return this.resolve().trustedSigners.value;
  }

  /** For the archive (issue 8): the folder set by policy, or '' when the policy does not set one. */
  get archiveFolder(): { readonly folder: string; readonly locked: boolean } {
    const { value, locked } = this.resolve().archiveFolder;
    return { folder: value, locked };
  }

  get allowedRealms(): readonly RealmId[] {
    return this.resolve().allowedRealms.value;
  }

  /** Recipients every new save is encrypted for, whatever the vault's own settings say (locked only). */
  get enforcedRecipients(): readonly string[] {
    const { value, locked } = this.resolve().complianceRecipients;
    return locked ? value : [];
  }

  /** The scrypt work factor for new passphrases when the policy sets a minimum, else undefined. */
  get minScryptWorkFactor(): number | undefined {
    const setting = this.resolve().minScryptWorkFactor;
    return setting.source === 'default' ? undefined : setting.value;
  }

  /**
   * What a vault opened on this workstation takes from the policy, in the app and on the command line alike:
   * the recipients every save adds and the minimum work factor of a new passphrase.
   */
  get vaultOptions(): Pick<VaultOptions, 'complianceRecipients' | 'minScryptWorkFactor'> {
    const minimum = this.minScryptWorkFactor;
    return {
      complianceRecipients: this.enforcedRecipients,
      ...(minimum !== undefined && { minScryptWorkFactor: minimum }),
    };
  }

  /** A new vault's extra recipients: those given, else the policy's unlocked compliance recipients. */
  newVaultRecipients(given: readonly string[], effective = this.resolve()): readonly string[] {
    const suggested = effective.complianceRecipients;
    return given.length === 0 && !suggested.locked ? suggested.value : given;
  }

  /** New drafts start with these (empty strings when the policy sets none). */
  get draftDefaults(): { readonly organizationId: string; readonly siteUrl: string } {
    const effective = this.resolve();
    return { organizationId: effective.defaultOrganizationId.value, siteUrl: effective.defaultSiteUrl.value };
  }

  /** The rules the policy adds to a request's: main checks exports and sending with them, as the form does. */
  get requestRules(): PolicyRules {
    return { allowedRealms: this.allowedRealms, lockedValues: this.lockedValues };
  }

  /** The request values the policy locks: a request naming others has an error there. */
  get lockedValues(): LockedValues {
    const effective = this.resolve();
    return {
      ...(effective.defaultOrganizationId.locked && {
        organizationId: effective.defaultOrganizationId.value,
      }),
      ...(effective.defaultSiteUrl.locked && { siteUrl: effective.defaultSiteUrl.value }),
    };
  }

  /** What the renderer needs: locks, restrictions, defaults, and the files with their problems. */
  view(): PolicyView {
    const effective = this.resolve();
    return {
      files: this.files.map((layer) => ({
        kind: layer.kind,
        path: layer.path,
        state: layer.state,
        problems: shownProblems(layer),
      })),
      locked: POLICY_KEYS.filter(
        (key) =>
          effective[key].locked || (RESTRICTION_KEYS.includes(key) && effective[key].source !== 'default'),
      ),
      safe: POLICY_KEYS.filter((key) => effective[key].source === 'safe'),
      plaintextExports: effective.plaintextExports.value,
      markSentRequiresReady: effective.markSentRequiresReady.value,
      allowedRealms: [...effective.allowedRealms.value],
      idleLockMaxMinutes: effective.idleLockMaxMinutes.value,
      complianceRecipients: [...effective.complianceRecipients.value],
      defaultOrganizationId: effective.defaultOrganizationId.value,
      defaultSiteUrl: effective.defaultSiteUrl.value,
    };
  }
}

/** No policy files: everything at its built-in default (tests, and the CLI's vault commands). */
export function noPolicy(defaultVaultFolder = ''): Policy {
  return new Policy([], defaultVaultFolder);
}
