/**
 * The `cmk-rekey/request` file, version 1: its fields as a zod schema. The schema carries every rule:
 * patterns for the JSON Schema that ships in docs/, and the full rule set (validate.ts) as a refinement,
 * so that `RequestSchema.safeParse(x).success` and `validateRequest(x).valid` can never disagree.
 */
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, KEY_ARN_PATTERN, UUID_PATTERN } from './aws.js';
import { REALM_IDS } from './realms.js';
import {
  EMAIL_PATTERN,
  FILE_NAME_PATTERN,
  IMPACTS,
  LIMITS,
  REQUEST_FORMAT,
  REQUEST_VERSION,
  SITE_URL_PATTERN,
  TIMINGS,
} from './constants.js';

export const KeyPairSchema = z
  .strictObject({
    oldKeyArn: z
      .string()
      .regex(new RegExp(KEY_ARN_PATTERN))
      .meta({ description: 'Key ARN of the key in use now.' }),
    newKeyArn: z
      .string()
      .regex(new RegExp(KEY_ARN_PATTERN))
      .meta({ description: 'Key ARN of the key to re-encrypt with, in the same region as the old key.' }),
  })
  .meta({ description: 'One pair per region of the realm.' });

export const RequestShape = z
  .strictObject({
    format: z.literal(REQUEST_FORMAT),
    version: z.literal(REQUEST_VERSION),
    siteUrl: z
      .string()
      .regex(new RegExp(SITE_URL_PATTERN))
      .meta({ description: 'Any site of the organization, as https://host (no path).' }),
    participants: z
      .array(z.string().regex(new RegExp(EMAIL_PATTERN)))
      .max(LIMITS.participants)
      .optional()
      .meta({ description: 'Extra people to notify, as e-mail addresses.' }),
    awsAccountId: z
      .string()
      .regex(new RegExp(ACCOUNT_ID_PATTERN))
      .meta({ description: 'The AWS account that holds the CMK keys: 12 digits, leading zeros kept.' }),
    impact: z.enum(IMPACTS).meta({ description: 'Impact level of the support ticket.' }),
    organizationId: z
      .string()
      .regex(new RegExp(UUID_PATTERN))
      .meta({ description: 'Atlassian organization ID (the UUID after /o/ in admin.atlassian.com URLs).' }),
    realm: z.enum(REALM_IDS).meta({ description: 'CMK realm of the organization.' }),
    keys: z.array(KeyPairSchema).min(1).max(2),
    timing: z.enum(TIMINGS).meta({ description: 'When Atlassian should start the re-encryption.' }),
    workingHours: z
      .string()
      .min(1)
      .max(LIMITS.workingHours)
      .meta({ description: 'Closest normal working hours, as chosen on the support form.' }),
    phone: z.string().max(LIMITS.phone).optional(),
    attachments: z
      .array(z.string().min(1).max(LIMITS.fileName).regex(new RegExp(FILE_NAME_PATTERN)))
      .max(LIMITS.attachments)
      .optional()
      .meta({ description: 'Names of files the admin will attach to the ticket.' }),
    notes: z.string().max(LIMITS.notes).optional().meta({ description: 'Extra text for the details field.' }),
  })
  .meta({
    title: 'CMK Rekey re-encryption request',
    description: 'A request to Atlassian support to re-encrypt CMK-protected data with new AWS KMS keys.',
  });

export type KeyPair = z.infer<typeof KeyPairSchema>;
export type Request = z.infer<typeof RequestShape>;
