// Run by `npm run bench:vault` in a new process: opens the vault at argv[2], unlocks it with argv[3] and
// lists it, and prints the longest event-loop gap of the unlock and of the list as JSON (ms).
import { withGap } from './event-loop-gap.mjs';

const { Vault } = await import(new URL('../out/node/src-main/vault/vault.js', import.meta.url).href);
const [folder, passphrase] = process.argv.slice(2);

function must(result) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

const vault = must(await Vault.open(folder));
const unlock = await withGap(async () => must(await vault.unlock(passphrase)));
const list = await withGap(async () => must(await vault.list()));
await vault.close();
console.log(JSON.stringify({ unlock: unlock.gap, list: list.gap }));
