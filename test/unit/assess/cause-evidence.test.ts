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

  it('an OOM kill explains a killed child and a stopped FPM (why unknown, or the journal says OOM)', () => {
    expect(rootCause([finding('fpm/child-killed', 'killed'), finding('fpm/service-down', 'down', 'critical'), finding('system/oom-kill', 'killed', 'critical')])).toBe(
      'system/oom-kill: system/oom-kill killed (explains fpm/child-killed, fpm/service-down)',
    )
    expect(rootCause([finding('fpm/service-down', 'oom', 'critical'), finding('system/oom-kill', 'killed', 'critical')])).toBe('system/oom-kill: system/oom-kill killed (explains fpm/service-down)')
  })

  it('an OOM kill elsewhere does not explain an FPM whose journal says it could not bind: both stay roots', () => {
    expect(rootCause([finding('system/oom-kill', 'killed', 'critical'), finding('fpm/service-down', 'bind', 'critical')])).toBe('system/oom-kill: system/oom-kill killed')
    expect(rootCause([finding('fpm/service-down', 'config', 'critical'), finding('system/oom-kill', 'killed', 'critical')])).not.toMatch(/explains/)
    // Stopped on purpose (systemctl stop): no OOM kill explains that either.
    expect(rootCause([finding('fpm/service-down', 'stopped', 'critical'), finding('system/oom-kill', 'killed', 'critical')])).not.toMatch(/explains/)
  })
})
