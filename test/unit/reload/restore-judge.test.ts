import {describe, expect, it} from 'vitest'

import {parseSections} from '../../../src/reload/remote.js'
import {judgeReload} from '../../../src/reload/verify.js'

/** A rollback whose reload itself went well: only the restore lines differ between cases. */
const rollback = (restoreLines: string[]) =>
  parseSections(
    [
      ...restoreLines,
      '@@master-before 10',
      '@@workers-before 11 12',
      '@@test-code 0',
      '@@method systemctl reload nginx',
      '@@reload-code 0',
      '@@master-after 10',
      '@@workers-after 13 14',
      '@@master-final 10',
      '@@rounds 0',
    ].join('\n'),
  )

describe('judging a rollback', () => {
  const point = '0123456789abcdef'

  it('is ok only when the live files hash to the rollback point', () => {
    expect(judgeReload(rollback(['@@restore ok', `@@restored-hash ${point}`]), [], point).ok).toBe(true)
  })
  it('a restore that left other content live fails and says what differs', () => {
    const s = rollback([
      '@@restored-hash fedcba9876543210',
      '@@begin restore-diff',
      '/srv/app/nginx.conf differs',
      '@@end restore-diff',
      `@@restore the live config hashes fedcba9876543210, not the rollback point ${point}`,
    ])
    const v = judgeReload(s, [], point)
    expect(v.ok).toBe(false)
    expect(v.failures).toEqual([`restore: the live config hashes fedcba9876543210, not the rollback point ${point} (/srv/app/nginx.conf differs)`])
  })
  it('"restore ok" with another hash, or with none, is not believed', () => {
    expect(judgeReload(rollback(['@@restore ok', '@@restored-hash fedcba9876543210']), [], point).ok).toBe(false)
    expect(judgeReload(rollback(['@@restore ok']), [], point).ok).toBe(false)
    expect(judgeReload(rollback(['@@restore ok', '@@restored-hash $(reboot)']), [], point).ok).toBe(false)
  })
})
