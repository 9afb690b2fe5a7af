import {describe, expect, it} from 'vitest'

import {rootCause} from '../../../src/assess/cause.js'
import type {Finding} from '../../../src/checks/types.js'

const finding = (check: string, messageId: string, severity: Finding['severity'] = 'warning'): Finding => ({check, messageId, severity, message: `${check} ${messageId}`, evidence: [], fix: ''})

describe('cause line: issue 9 correlations', () => {
  it('a full disk explains nginx (28: No space left on device) lines', () => {
    expect(rootCause([finding('nginx/resource-limits', 'disk'), finding('system/disk-full', 'full', 'critical')])).toBe(
      'system/disk-full: system/disk-full full (explains nginx/resource-limits)',
    )
  })

  it('a full disk does not explain worker_connections running out: both stay roots, the critical one named', () => {
    const cause = rootCause([finding('nginx/resource-limits', 'connections'), finding('system/disk-full', 'full', 'critical')])
    expect(cause).toBe('system/disk-full: system/disk-full full')
  })

  it('an OOM kill explains a killed child and a stopped FPM', () => {
    expect(rootCause([finding('fpm/child-killed', 'killed'), finding('fpm/service-down', 'down', 'critical'), finding('system/oom-kill', 'killed', 'critical')])).toBe(
      'system/oom-kill: system/oom-kill killed (explains fpm/child-killed, fpm/service-down)',
    )
  })
})
