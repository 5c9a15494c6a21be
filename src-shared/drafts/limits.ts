/**
 * The lengths of what a user types after the form, in characters (code points, as zod's `max` counts
 * them): the stored record's schema and the checks before it is written use the same numbers.
 */
export const MAX_TICKET_LENGTH = 200;
/** A completion note or a withdrawal reason. */
export const MAX_NOTE_LENGTH = 4000;
