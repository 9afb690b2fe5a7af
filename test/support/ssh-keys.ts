import ssh2 from 'ssh2'

/**
 * An ed25519 key pair from ssh2 that ssh2 itself can parse back.
 * ssh2's keygen strips every leading zero byte of the public key, so about one pair in 256
 * is malformed (mscdex/ssh2#1390, #1513) and a test using it fails by chance: draw again.
 */
export function parsableKeyPair(): {private: string; public: string} {
  for (;;) {
    const keys = ssh2.utils.generateKeyPairSync('ed25519')
    if (!(ssh2.utils.parseKey(keys.private) instanceof Error) && !(ssh2.utils.parseKey(keys.public) instanceof Error)) return keys
  }
}
