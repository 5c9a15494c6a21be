/** Atlassian CMK realms and their AWS regions: the one place this data lives (see docs/domain notes). */

export const REALM_IDS = ['us', 'eu', 'au', 'ca', 'de', 'in', 'jp', 'kr', 'sg', 'uk', 'ch'] as const;
export type RealmId = (typeof REALM_IDS)[number];

export interface Realm {
  readonly id: RealmId;
  readonly name: string;
  /** One KMS key per region, in the order Atlassian lists them. */
  readonly regions: readonly string[];
  /** False where the stored copy of Atlassian's CMK page (cut short after Singapore) does not confirm the realm. */
  readonly confirmed: boolean;
}

export type RealmCatalog = Readonly<Record<RealmId, Realm>>;

export const REALMS: RealmCatalog = {
  us: { id: 'us', name: 'United States', regions: ['us-east-1', 'us-west-2'], confirmed: true },
  eu: { id: 'eu', name: 'Europe', regions: ['eu-central-1', 'eu-west-1'], confirmed: true },
  au: { id: 'au', name: 'Australia', regions: ['ap-southeast-2'], confirmed: true },
  ca: { id: 'ca', name: 'Canada', regions: ['ca-central-1'], confirmed: true },
  de: { id: 'de', name: 'Germany', regions: ['eu-central-1'], confirmed: true },
  in: { id: 'in', name: 'India', regions: ['ap-south-1'], confirmed: true },
  jp: { id: 'jp', name: 'Japan', regions: ['ap-northeast-1'], confirmed: true },
  kr: { id: 'kr', name: 'South Korea', regions: ['ap-northeast-2'], confirmed: true },
  sg: { id: 'sg', name: 'Singapore', regions: ['ap-southeast-1'], confirmed: true },
  uk: { id: 'uk', name: 'United Kingdom', regions: ['eu-west-2'], confirmed: false },
  ch: { id: 'ch', name: 'Switzerland', regions: ['eu-central-2'], confirmed: false },
};

export function isRealmId(value: unknown): value is RealmId {
  return typeof value === 'string' && (REALM_IDS as readonly string[]).includes(value);
}

/** "United States (us-east-1 + us-west-2)" */
export function describeRealm(realm: Realm): string {
  return `${realm.name} (${realm.regions.join(' + ')})`;
}
