import {describe, expect, it} from 'vitest'

import {decideAccess, parentDirectories, type UserIdentity} from '../../../src/checks/config-socket-access.js'
import type {PathStat} from '../../../src/probe/facts.js'

// Identities as the probe's `id` lines give them on Debian 12.
const wwwData: UserIdentity = {name: 'www-data', uid: 33, gid: 33, groups: ['www-data']}
const nginxInFpmGroup: UserIdentity = {name: 'nginx', uid: 101, gid: 101, groups: ['nginx', 'php-fpm']}
const root: UserIdentity = {name: 'root', uid: 0, gid: 0, groups: ['root']}

const socket = (owner: string, group: string, mode: string, acl?: string[]): PathStat => ({path: '/run/php/x.sock', exists: true, type: 'socket', owner, group, mode, acl})

describe('decideAccess (acl(5) access check algorithm)', () => {
  const cases: Array<[string, UserIdentity, PathStat, boolean, string]> = [
    ['owner with rw', wwwData, socket('www-data', 'www-data', '660'), true, 'owner www-data'],
    ['owner without w, even if other has it', wwwData, socket('www-data', 'www-data', '466'), false, 'owner www-data'],
    ['owning group', nginxInFpmGroup, socket('root', 'php-fpm', '660'), true, 'group php-fpm'],
    ['other only', wwwData, socket('root', 'root', '600'), false, 'other'],
    ['other rw', wwwData, socket('root', 'root', '666'), true, 'other'],
    ['setgid bits do not shift the digits', wwwData, socket('root', 'www-data', '2660'), true, 'group www-data'],
    ['root passes whatever the mode', root, socket('www-data', 'www-data', '000'), true, 'root'],
    ['named ACL user within the mask', wwwData, socket('root', 'root', '660', ['user::rw-', 'user:www-data:rw-', 'group::---', 'mask::rw-', 'other::---']), true, 'ACL user:www-data'],
    ['named ACL user cut by the mask', wwwData, socket('root', 'root', '640', ['user::rw-', 'user:www-data:rw-\t#effective:r--', 'group::---', 'mask::r--', 'other::---']), false, 'ACL user:www-data'],
    ['named ACL group grants, the owning group does not', nginxInFpmGroup, socket('root', 'nginx', '660', ['user::rw-', 'group::---', 'group:php-fpm:rw-', 'mask::rw-', 'other::---']), true, 'ACL group:php-fpm'],
    ['a matching group without w denies, other is not consulted', wwwData, socket('root', 'www-data', '646'), false, 'group www-data'],
  ]
  for (const [name, user, stat, allowed, via] of cases) {
    it(name, () => {
      const decision = decideAccess(user, stat, 'w')
      expect(decision.allowed).toBe(allowed)
      expect(decision.via).toBe(via)
    })
  }

  it('asks for x on directories', () => {
    const dir: PathStat = {path: '/run/php', exists: true, type: 'directory', owner: 'root', group: 'root', mode: '750'}
    expect(decideAccess(wwwData, dir, 'x')).toEqual({allowed: false, via: 'other', perms: '---'})
    expect(decideAccess(wwwData, {...dir, mode: '751'}, 'x').allowed).toBe(true)
  })
})

describe('parentDirectories', () => {
  it('lists ancestors nearest first, without /', () => {
    expect(parentDirectories('/var/run/php/php8.2-fpm.sock')).toEqual(['/var/run/php', '/var/run', '/var'])
    expect(parentDirectories('/x.sock')).toEqual([])
  })
})
