/**
 * Issue 8 item 10: a huge host range is refused at FILE:LINE before it is expanded (it used
 * to run for a minute and take gigabytes), per pattern and per inventory.
 */
import {describe, expect, test} from 'vitest'
import {expandHostRange} from '../../../src/inventory/index.js'
import {loadError} from './helpers.js'

describe('host range caps', () => {
  test('one pattern expands to at most 10000 hosts; the count is said without expanding', () => {
    expect(expandHostRange('w[1:10000]')).toHaveLength(10_000)
    expect(() => expandHostRange('web[1:99999999]')).toThrow('"web[1:99999999]" expands to 99999999 hosts; at most 10000')
    // Two small ranges multiply.
    expect(() => expandHostRange('r[1:200]n[1:200]')).toThrow('expands to 40000 hosts')
    expect(() => expandHostRange(`x[0:${'9'.repeat(400)}]`)).toThrow('at most 10000')
  })

  test('native: a host key range, at FILE:LINE and field', async () => {
    const e = await loadError(['hosts:', '  web01:', '  web[1:99999999]:'])
    expect({line: e.line, column: e.column, field: e.field}).toEqual({line: 3, column: 3, field: 'hosts["web[1:99999999]"]'})
    expect(e.problem).toContain('at most 10000 hosts')
  })

  test('native: a range in a group host list', async () => {
    const e = await loadError(['hosts:', '  web[1:5]:', 'groups:', '  web:', '    hosts: ["web[1:99999999]"]'])
    expect({line: e.line, field: e.field}).toEqual({line: 5, field: 'groups.web.hosts[0]'})
  })

  test('ansible: a host range', async () => {
    const e = await loadError(['all:', '  hosts:', '    "db-[0:9][0:9][0:9][0:9][0:9]":'])
    expect({line: e.line, column: e.column}).toEqual({line: 3, column: 5})
    expect(e.problem).toContain('expands to 100000 hosts')
  })

  test('the whole inventory holds at most 10000 hosts', async () => {
    const e = await loadError(['hosts:', '  a[1:6000]:', '  b[1:6000]:'])
    expect({line: e.line, column: e.column, field: e.field}).toEqual({line: 3, column: 3, field: 'hosts["b[1:6000]"]'})
    expect(e.problem).toContain('more than 10000 hosts in one inventory')
  })
})
