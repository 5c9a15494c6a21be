// `npm run bench`: the rules' speed, per single call (the form re-validates its draft on every keystroke):
// a complete dual-region request, the form's half-filled draft, a draft with every error the rules can
// report at once, and rendering. Each operation is timed one call at a time; p50 and p99 are printed.
// Target: every validation under 50 µs at p50 (p99 is shown, not judged: a GC pause lands in it).
// Runs the compiled code in out/node (the npm script compiles first).
import { performance } from 'node:perf_hooks';
import { machineLoad } from './machine-load.mjs';
import { draftFromRequest, requestFromDraft } from '../out/node/src-shared/drafts/draft.js';
import { isPhoneNumber } from '../out/node/src-shared/request/phone-rule.js';
import { render } from '../out/node/src-shared/request/render.js';
import { validateRequest } from '../out/node/src-shared/request/validate.js';
// The one valid request every test suite and benchmark shares.
import request from '../tests/fixtures/valid-request.json' with { type: 'json' };

// As the form validates once the phone rule has loaded (the complete request has a phone number).
const load = machineLoad();
const options = { phone: isPhoneNumber };

/** What the form holds after the first two steps: organization and account typed, the rest empty. */
const halfFilled = draftFromRequest({
  siteUrl: 'https://acme-cloud.atlassian.net',
  participants: ['secops@acme-cloud.example', ''],
  organizationId: 'be0df05b-77ec-4a4f-ac84-f818bef651ce',
  awsAccountId: '012345678901',
  realm: 'eu',
  keys: [{ oldKeyArn: 'arn:aws:kms:eu-central-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
});

/** An error in every field at once (19 errors): bad text in each, keys outside the realm, aliases, repeats. */
const everyError = {
  siteUrl: 'ftp://acme cloud',
  participants: ['not an e-mail', 'jane@', 'x'.repeat(400)],
  awsAccountId: '0123-4567',
  impact: '',
  organizationId: 'admin.atlassian.com/o/not-a-uuid',
  realm: 'eu',
  keys: [
    {
      oldKeyArn: 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      newKeyArn: 'key/1',
    },
    {
      oldKeyArn: 'arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      newKeyArn: '',
    },
    {
      oldKeyArn: 'arn:aws:kms:eu-west-1:012345678901:alias/old',
      newKeyArn: 'arn:aws:kms:eu-west-1:012345678901:alias/old',
    },
  ],
  timing: '',
  workingHours: '',
  phone: '12',
  attachments: ['../../etc/passwd', 'CON', 'a'.repeat(300)],
  notes: '',
};

function check(name, draft, expect) {
  const validation = validateRequest(requestFromDraft(draft), options);
  if (!expect(validation)) throw new Error(`the benchmark's ${name} is not what it claims to be`);
  return validation;
}
if (!validateRequest(request, options).valid) throw new Error('the benchmark request must be valid');
check('half-filled draft', halfFilled, (v) => v.errors.length > 0 && v.errors.length < 10);
const allErrors = check('every-error draft', everyError, (v) => v.errors.length >= 15);

/** Times `operation` one call at a time (after a warm-up for the JIT); returns p50 and p99 in µs. */
function measure(name, operation, calls = 50_000) {
  for (let i = 0; i < 5_000; i++) operation();
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    operation();
    samples[i] = (performance.now() - start) * 1000;
  }
  samples.sort();
  const at = (p) => samples[Math.min(calls - 1, Math.floor(p * calls))];
  return { name, p50: at(0.5), p99: at(0.99), validation: /^validate [a-z-]+ (request|draft)$/.test(name) };
}

const results = [
  measure('validate complete request', () => validateRequest(request, options)),
  measure('validate half-filled draft', () => validateRequest(requestFromDraft(halfFilled), options)),
  measure(`validate every-error draft`, () => validateRequest(requestFromDraft(everyError), options)),
  measure('render text', () => render(request, 'text')),
  measure('validate + render', () => {
    validateRequest(request, options);
    render(request, 'text');
  }),
];

console.log(`node ${process.version}; the every-error draft has ${allErrors.errors.length} errors`);
console.log('operation                        p50 µs     p99 µs');
for (const result of results) {
  console.log(
    `${result.name.padEnd(30)} ${result.p50.toFixed(2).padStart(8)} ${result.p99.toFixed(2).padStart(10)}`,
  );
}
const missed = results.filter((result) => result.validation && result.p50 >= 50);
const worst = Math.max(...results.filter((result) => result.validation).map((result) => result.p50));
console.log(
  `target: every validation under 50 µs at p50: ${missed.length === 0 ? 'met' : 'MISSED'} (slowest p50 ${worst.toFixed(2)} µs)`,
);
console.log(load());
if (missed.length > 0) process.exitCode = 1;
