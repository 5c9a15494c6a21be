/**
 * The phone rule's check: does the text read as an international number (libphonenumber-js with the
 * metadata in phone-metadata.ts)? Main and the CLI import it; the renderer loads it the first time a
 * draft has a phone number (it is most of the form's code by size), and passes it to validateRequest.
 */
import { isValidPhoneNumber } from 'libphonenumber-js/core';
import { PHONE_METADATA } from './phone-metadata.js';

export function isPhoneNumber(text: string): boolean {
  return isValidPhoneNumber(text, PHONE_METADATA);
}
