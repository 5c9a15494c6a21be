/**
 * The organization's policy as main reported it at start (`policyStatus`): which settings are locked,
 * the restrictions, and the policy files' problems. Before it arrives, and outside a policy, nothing is
 * restricted; main enforces every restriction again on its side.
 */
import type { PolicyView } from '../../src-shared/policy/effective.js';
import type { PolicyKey } from '../../src-shared/policy/policy-schema.js';
import { REALM_IDS, type RealmId } from '../../src-shared/request/realms.js';
import type { LockedValues } from '../../src-shared/request/validate.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import type { Api } from './api.js';

/** As MAX_AUTO_LOCK_MINUTES in the IPC contract (the renderer does not load zod). */
const MAX_AUTO_LOCK_MINUTES = 240;

export const NO_POLICY: PolicyView = {
  files: [],
  locked: [],
  safe: [],
  plaintextExports: true,
  markSentRequiresReady: false,
  allowedRealms: [...REALM_IDS],
  idleLockMaxMinutes: MAX_AUTO_LOCK_MINUTES,
  complianceRecipients: [],
  defaultOrganizationId: '',
  defaultSiteUrl: '',
};

/** What locked fields say instead of letting the user edit them. */
export const SET_BY_ORGANIZATION = 'Set by your organization';

class PolicyState {
  view = $state<PolicyView>(NO_POLICY);

  isLocked(key: PolicyKey): boolean {
    return this.view.locked.includes(key);
  }

  /** The realms a request may use, or undefined when every realm is allowed. */
  readonly allowedRealms: readonly RealmId[] | undefined = $derived(
    this.view.allowedRealms.length === REALM_IDS.length ? undefined : this.view.allowedRealms,
  );

  /** The organization ID and site URL the policy locks (a request naming others has an error there). */
  readonly lockedValues: LockedValues = $derived({
    ...(this.isLocked('defaultOrganizationId') && { organizationId: this.view.defaultOrganizationId }),
    ...(this.isLocked('defaultSiteUrl') && { siteUrl: this.view.defaultSiteUrl }),
  });

  /** What the policy adds to the request rules, for every verdict the form shows. */
  readonly rules: PolicyRules = $derived({
    allowedRealms: this.allowedRealms,
    lockedValues: this.lockedValues,
  });

  /** Policy files that could not be fully read (the banner names them). */
  readonly troubled = $derived(this.view.files.filter((file) => file.state === 'invalid'));

  /** The file in force, if any: the system one wins over the portable one. */
  readonly inForce = $derived(this.view.files.filter((file) => file.state === 'in-force'));

  async load(api: Api): Promise<void> {
    const result = await api.policyStatus({});
    // A failure here leaves NO_POLICY on screen; main still enforces the policy on every call.
    if (result.ok) this.view = result.value;
  }
}

export const policy = new PolicyState();
