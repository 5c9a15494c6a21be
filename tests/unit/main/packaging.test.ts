import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const config = load(
  readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function targets(platform: string): string[] {
  return ((config[platform] as { target: string[] } | undefined)?.target ?? []).map(String);
}

describe('electron-builder.yml', () => {
  it('is valid against the JSON schema shipped with electron-builder', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('notices a misspelt option (the schema check is real)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate({ ...config, nsis: { perMachin: false } })).toBe(false);
  });

  it('builds installers that need no admin rights', () => {
    expect(targets('win')).toEqual(expect.arrayContaining(['nsis', 'portable', 'zip']));
    expect(targets('mac')).toEqual(expect.arrayContaining(['dmg', 'zip']));
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config['nsis']).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(config['portable']).toMatchObject({ requestExecutionLevel: 'user' });
  });

  it('ships the built app and no sources, publishes nowhere, and has its icon', () => {
    expect(config['publish']).toBeNull();
    expect(config['files']).toEqual(expect.arrayContaining(['out/node/**/*', 'out/renderer/**/*']));
    expect((config['files'] as string[]).some((pattern) => pattern.startsWith('src'))).toBe(false);
    expect(existsSync(new URL('../../../assets/icon.png', import.meta.url))).toBe(true);
    const packageJson = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { main: string };
    expect(packageJson.main).toBe('out/node/src-main/main.js');
  });

  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableCookieEncryption', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
  ] as const)('flips the Electron fuse %s to %s', (fuse, value) => {
    expect((config['electronFuses'] as Record<string, unknown> | undefined)?.[fuse]).toBe(value);
  });

  it('packs the app into an asar archive, which the integrity fuses check', () => {
    expect(config['asar']).toBe(true);
  });
});
