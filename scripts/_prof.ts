import { listArchive, archiveEntries, readEntry } from '../src-main/archive/archive-folder.js';
import { PackEntrySchema } from '../src-shared/archive/pack-schema.js';
const dir = '/tmp/cmk-rekey-bench-archive/packs-5000';
for (let r=0;r<3;r++){
let s=performance.now(); const names = await archiveEntries(dir); const t1=performance.now()-s;
s=performance.now(); const list = await listArchive(dir); const t2=performance.now()-s;
s=performance.now(); PackEntrySchema.array().parse(list); const t3=performance.now()-s;
s=performance.now(); for (const n of names.slice(0,50)) await readEntry(dir,n); const t4=performance.now()-s;
console.log(names.length, 'readdir', t1.toFixed(1), 'list', t2.toFixed(1), 'zod', t3.toFixed(1), '50 seq', t4.toFixed(1));
}
