import {createHash} from 'node:crypto'

/** The key type is the first SSH string (uint32 length + bytes) of a public key blob. */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const len = blob.readUInt32BE(0)
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined
  return blob.toString('latin1', 4, 4 + len)
}

/** Formatted like `ssh-keygen -l` and OpenSSH's warnings: `SHA256:` + unpadded base64. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}
