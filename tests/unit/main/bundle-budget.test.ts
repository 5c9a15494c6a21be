/**
 * The bundle budgets (gzip) on the files `npm run build` wrote (npm test builds first): sizes only, no
 * timings. Also: what the form's path must not carry, and the built preload run against a fake electron.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { METHODS, channelOf } from '../../../src-shared/ipc/contract.js';
import { PHONE_PLANS } from '../../../src-shared/request/phone-metadata.js';
import {
  BUDGETS,
  PRELOAD_OUT,
  RENDERER_OUT,
  bundleSizes,
  staleBuild,
} from '../../../scripts/bundle-sizes.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('bundle budgets (gzip)', () => {
  it('measures a build made from the current sources', () => {
    expect(staleBuild()).toBeUndefined();
  });

  it.each(Object.entries(BUDGETS))('%s stays within its budget', (name, { limit, target }) => {
    const size = bundleSizes()[name as keyof typeof BUDGETS];
    expect(size.files.length).toBeGreaterThan(0);
    expect(
      size.gzip,
      `${name}: ${kb(size.gzip)} gzip (${size.files.join(', ')}); limit ${kb(limit)}, target ${kb(target)}`,
    ).toBeLessThanOrEqual(limit);
  });

  it('keeps the phone data and zod off the form path and out of the preload', () => {
    const { formPath, onDemand } = bundleSizes();
    const text = (file: string) => readFileSync(join(RENDERER_OUT, file), 'utf8');
    // The longest piece of the phone data that minifying leaves as it is (it re-escapes backslashes).
    const pieces = PHONE_PLANS.map((line) => line.split('\\')[0] ?? '');
    const phoneData = pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest));
    expect(phoneData.length).toBeGreaterThan(100);
    for (const file of formPath.files) {
      expect(text(file), file).not.toContain(phoneData);
      expect(text(file), file).not.toContain('ZodError');
    }
    expect(onDemand.some((chunk) => chunk.files.some((file) => text(file).includes(phoneData)))).toBe(true);
    expect(readFileSync(PRELOAD_OUT, 'utf8')).not.toContain('ZodError');
  });

  it('loads with the form only the step a draft opens at, and the screens off its path on first use', () => {
    const { startup, formPaths } = bundleSizes();
    const names = ['Account', 'Keys', 'Organization', 'Review', 'Start', 'Timing'];
    const stepFiles = (files: readonly string[]) =>
      files.flatMap((file) =>
        names.filter((name) => file.startsWith(`assets/Step${name}-`)).map((name) => `assets/Step${name}`),
      );
    expect(Object.keys(formPaths).sort()).toEqual(names.map((name) => `steps/Step${name}.svelte`));
    for (const [step, size] of Object.entries(formPaths))
      expect(stepFiles(size.files), step).toEqual([step.replace(/^steps\/(\w+)\.svelte$/, 'assets/$1')]);
    expect(stepFiles(startup.files)).toEqual([]);
  });

  it('keeps what start-up loads on demand off start-up, and all of it but the form off the form path', () => {
    const { startup, formPaths } = bundleSizes();
    const manifest = JSON.parse(readFileSync(join(RENDERER_OUT, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { file: string; name?: string; isEntry?: boolean; dynamicImports?: string[] }
    >;
    const chunk = (key: string) => manifest[key] ?? { file: key };
    const entry = Object.values(manifest).find((item) => item.isEntry === true);
    const later = (entry?.dynamicImports ?? []).map(chunk);
    // The form, and one chunk for the screens, dialogs and notices off the way to it (vite.config.ts).
    expect(later.map((item) => item.name).sort()).toEqual(['editor', 'later']);
    for (const { file } of later) expect(startup.files, file).not.toContain(file);
    const rare = later.filter((item) => item.name === 'later').map((item) => item.file);
    for (const [step, size] of Object.entries(formPaths))
      expect(
        size.files.filter((file) => rare.includes(file)),
        step,
      ).toEqual([]);
  });

  it('builds a preload that exposes one method per contract channel (run in a sandbox with a fake electron)', async () => {
    const exposed: Record<string, Record<string, (arg: unknown) => Promise<unknown>>> = {};
    const invoked: string[] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, (arg: unknown) => Promise<unknown>>) => {
          exposed[key] = api;
        },
      },
      ipcRenderer: {
        invoke: (channel: string) => {
          invoked.push(channel);
          return Promise.resolve({ ok: true, value: {} });
        },
      },
    };
    const require = (name: string) => {
      if (name !== 'electron') throw new Error(`the preload may require only electron, not ${name}`);
      return electron;
    };
    runInNewContext(readFileSync(PRELOAD_OUT, 'utf8'), { require, module: { exports: {} }, exports: {} });
    const api = exposed['cmkRekey'] ?? {};
    expect(Object.keys(api)).toEqual(METHODS);
    await api['draftsList']?.({});
    expect(invoked).toEqual([channelOf('draftsList')]);
  });
});
