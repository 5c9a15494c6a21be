/**
 * What the app tells the admin about the request itself, each statement with its source: downtime,
 * timing, impact, attachments and what support does next. Part of CLAIMS (claims.ts).
 */
import type { Claim } from './sources.js';

export const REQUEST_CLAIMS = {
  downtime: {
    text: "Atlassian's re-encryption page says to expect a certain amount of downtime in your Atlassian Cloud apps, and gives no duration; it refers to a white paper for details.",
    source: 'reencryption',
  },
  immediate: {
    text: "By Atlassian's re-encryption page, it starts as soon as support addresses the ticket, and the sites under your organization will have downtime outside the maintenance window once it starts.",
    source: 'reencryption',
  },
  nextWindow: {
    text: "By Atlassian's re-encryption page, it starts in the next maintenance window, with no additional downtime outside of it.",
    source: 'reencryption',
  },
  availableWindow: {
    text: 'Our advice: the re-encryption page asks for the next available window, so re-encryption may start in a later window than this one, depending on when support handles the ticket.',
    source: 'advice',
  },
  windowTimes: {
    text: "Atlassian's maintenance-window page says the window is daily between 1 a.m. and 3 a.m. in the timezone of your app's server, which was set from the timezone of the person who signed up, and that support can tell you the timezone and change it.",
    source: 'maintenanceWindow',
  },
  impactChoice: {
    text: "Atlassian's re-encryption page says to choose the level according to your business, for example Level 1 if you need immediate re-encryption. For response times it refers to the ticket SLA.",
    source: 'reencryption',
  },
  impactDefinitions: {
    text: "The level names and definitions below are the wording of Atlassian's support response SLA page.",
    source: 'supportSlas',
  },
  impactResponses: {
    text: "The first-response times are from Atlassian's support offerings page: the Enterprise targets for Levels 1 and 2; for Levels 3 and 4 the Standard and Premium figures: the copy of that page this app was built from is cut off before the Enterprise ones.",
    source: 'supportOfferings',
  },
  responseNotCompletion: {
    text: "Our advice: a first response is an answer to the ticket, not the re-encryption done, so don't plan the downtime around these times.",
    source: 'advice',
  },
  whatsNext: {
    text: "Atlassian's re-encryption page says: Atlassian responds to the support ticket and keeps you informed of the process and its completion.",
    source: 'reencryption',
  },
  workingHours: {
    text: "Atlassian's re-encryption page says the support form asks you to select the working hours closest to your normal ones; it does not list the options. Write the option you will select there.",
    source: 'reencryption',
  },
  retention: {
    text: "Atlassian's re-encryption page asks you to review Atlassian's retention policy before you add attachments to the ticket.",
    source: 'reencryption',
  },
} as const satisfies Record<string, Claim>;
