/**
 * `node:crypto` as Electron's main process has it, for tests of main-process code (`vi.mock('node:crypto',
 * …)`). Electron builds Node against Chromium's BoringSSL, not OpenSSL, and BoringSSL lacks some of what
 * Node offers under OpenSSL, so code that passes every test under plain Node can fail in the app:
 * - ChaCha20-Poly1305 is not a `createCipheriv` cipher there: BoringSSL has it only through its one-shot
 *   EVP_AEAD interface, and Electron throws "Unknown cipher" (electron/electron#24024; Electron skips
 *   Node's chacha20-poly1305 tests under BoringSSL, patches/node/fix_crypto_tests_to_run_with_bssl.patch);
 * - the ciphers and hashes are the ones `crypto.getCiphers()` and `crypto.getHashes()` list in Electron
 *   (electron/electron#24024 and #24812): no SHA-3, and no CCM, OCB, ChaCha20 or ARIA ciphers.
 * Everything else is Node's own.
 */
type NodeCrypto = typeof import('node:crypto');

const CIPHERS = (
  'aes-128-cbc aes-128-cfb aes-128-ctr aes-128-ecb aes-128-gcm aes-128-ofb aes-192-cbc aes-192-ctr ' +
  'aes-192-ecb aes-192-gcm aes-192-ofb aes-256-cbc aes-256-cfb aes-256-ctr aes-256-ecb aes-256-gcm ' +
  'aes-256-ofb des-cbc des-ecb des-ede des-ede-cbc des-ede3-cbc rc2-cbc rc4'
).split(' ');
const HASHES = 'md4 md5 ripemd160 sha1 sha224 sha256 sha384 sha512'.split(' ');

/** `create` that first refuses what Electron's BoringSSL does not have, with Electron's error. */
function only<F extends (algorithm: string, ...rest: never[]) => unknown>(
  create: F,
  names: readonly string[],
  error: readonly [code: string, message: string],
): F {
  return ((algorithm: string, ...rest: never[]) => {
    if (!names.includes(algorithm.toLowerCase()))
      throw Object.assign(new Error(error[1]), { code: error[0] });
    return create(algorithm, ...rest);
  }) as F;
}

const UNKNOWN_CIPHER = ['ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher'] as const;
const BAD_DIGEST = ['ERR_CRYPTO_INVALID_DIGEST', 'Digest method not supported'] as const;

export function electronCrypto(node: NodeCrypto): NodeCrypto {
  const module: NodeCrypto = {
    ...node,
    getCiphers: () => [...CIPHERS],
    getHashes: () => [...HASHES],
    createCipheriv: only(node.createCipheriv, CIPHERS, UNKNOWN_CIPHER),
    createDecipheriv: only(node.createDecipheriv, CIPHERS, UNKNOWN_CIPHER),
    createHash: only(node.createHash, HASHES, BAD_DIGEST),
    createHmac: only(node.createHmac, HASHES, BAD_DIGEST),
  };
  return { ...module, default: module } as NodeCrypto;
}
