/** The `aws kms describe-key` command the form offers to copy; zod-free so the renderer loads it at start. */
export function describeKeyCommand(keyArn: string, region: string): string {
  const key = keyArn.trim() === '' ? '<key-arn>' : keyArn.trim();
  return `aws kms describe-key --key-id ${key} --region ${region}`;
}
