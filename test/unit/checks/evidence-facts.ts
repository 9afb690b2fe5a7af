/**
 * Probe outputs with the issue 9 evidence frames (contract items 5-8) added before
 * `done`, the way the probe's evidence section sends them: recorded fixtures predate it.
 */
import type {HostFacts} from '../../../src/probe/facts.js'
import {parseProbeOutput} from '../../../src/probe/parse.js'
import {FIXTURE_NONCE, fixtureText} from './rule-tester.js'

export interface FrameSpec {
  name: string
  attrs?: Record<string, string | number>
  body: string
  rc?: number
  stderr?: string
}

export function frameText({name, attrs = {}, body, rc = 0, stderr}: FrameSpec): string {
  const head = Object.entries(attrs)
    .map(([key, value]) => ` ${key}=${value}`)
    .join('')
  let text = `==FLEET ${FIXTURE_NONCE} BEGIN ${name}${head}==\n${body}\n==FLEET ${FIXTURE_NONCE} END ${name} rc=${rc}==\n`
  if (stderr !== undefined) text += `==FLEET ${FIXTURE_NONCE} BEGIN ${name}.stderr${head}==\n${stderr}\n==FLEET ${FIXTURE_NONCE} END ${name}.stderr rc=0==\n`
  return text
}

/** A recorded df of a lab host: the nginx logs on /, the FPM socket on /run, sessions on / too. */
export const DISKS_OK: FrameSpec[] = [
  {name: 'disk-paths', body: 'nginx-log /var/log/nginx\nnginx-temp /var/lib/nginx/body\nfpm-socket /run/php\nphp-sessions /var/lib/php/sessions'},
  {
    name: 'df',
    body: [
      'Filesystem     1024-blocks     Used Available Capacity Mounted on',
      '/dev/vda         264212084 26198548  80192364      25% /',
      '/dev/vda         264212084 26198548  80192364      25% /',
      'tmpfs               401112      516    400596       1% /run',
      '/dev/vda         264212084 26198548  80192364      25% /',
    ].join('\n'),
  },
  {
    name: 'df-inodes',
    body: [
      'Filesystem       Inodes  IUsed    IFree IUse% Mounted on',
      '/dev/vda       16777216 544267 16232949    4% /',
      '/dev/vda       16777216 544267 16232949    4% /',
      'tmpfs            501390    872   500518    1% /run',
      '/dev/vda       16777216 544267 16232949    4% /',
    ].join('\n'),
  },
]

/** The fixture's probe output with `frames` inserted before its `done` frame. */
export function probeTextWith(fixture: string, frames: FrameSpec[]): string {
  // 'healthy' is test/fixtures/probe/healthy.txt; a path with a slash is under test/fixtures.
  const text = fixtureText(fixture.includes('/') ? fixture : `probe/${fixture}.txt`)
  const done = text.indexOf(`==FLEET ${FIXTURE_NONCE} BEGIN done==`)
  const extra = frames.map(frameText).join('')
  return done < 0 ? text + extra : text.slice(0, done) + extra + text.slice(done)
}

/** Facts of a recorded probe run (test/fixtures/…) with evidence frames; the disks of DISKS_OK unless given. */
export function factsWithEvidence(fixture: string, frames: FrameSpec[] = []): HostFacts {
  const names = new Set(frames.map((frame) => frame.name))
  const disks = DISKS_OK.filter((frame) => !names.has(frame.name) && !names.has('no-disks'))
  return parseProbeOutput(probeTextWith(fixture, [...disks, ...frames.filter((frame) => frame.name !== 'no-disks')]), FIXTURE_NONCE)
}
