import {parseNginxDumpCached} from '../nginx/parse-dump.js'
import type {CommandRun, HostFacts, PartialFact} from './facts.js'
import type {FrameSet} from './frames.js'
import {firstLine} from './text.js'

/** The probe's cap on the `nginx -T` frame (DUMPCAP in probe.sh). */
export const NGINX_DUMP_CAP = 4 * 1024 * 1024

export type NginxFacts = Omit<HostFacts['nginx'], 'service'>

/**
 * nginx facts from the `nginx-V`, `nginx-T` and (fallback) `nginx-files`
 * frames. `nginx -T` is also the test: same stderr and rc as `nginx -t`.
 */
export function nginxFacts(frames: FrameSet, uid: number | undefined, partial: PartialFact[]): NginxFacts {
  const v = frames.one('nginx-V')
  if (!v) return {installed: false, test: null, config: null}
  const version = /nginx version: \S+?\/(\S+)/.exec(v.body)?.[1]
  const defaultUser = /--user=(\S+)/.exec(v.body)?.[1] ?? 'nobody'
  const dump = frames.one('nginx-T')
  const test = nginxTest(dump?.rc ?? null, dump?.stderr ?? '', uid, partial)
  if (!dump) partial.push({fact: 'nginx-test', reason: 'nginx -T section missing from probe output'})

  let config: NginxFacts['config'] = null
  if (dump && dump.rc === 0 && dump.body.trim() !== '') {
    config = parseNginxDumpCached(dump.body)
    if (!dump.complete || Buffer.byteLength(dump.body) >= NGINX_DUMP_CAP) {
      partial.push({fact: 'nginx-config', reason: 'nginx -T output was cut off; later files are missing'})
    }
  } else {
    // nginx -T prints no dump when the test fails: the probe read the files itself.
    const files = frames.one('nginx-files')
    if (files && files.body.trim() !== '') {
      config = parseNginxDumpCached(files.body)
      partial.push({fact: 'nginx-config', reason: `nginx -T failed; config read from the files (${firstLine(files.stderr) || 'all readable'})`})
    } else {
      partial.push({fact: 'nginx-config', reason: firstLine(files?.stderr ?? '') || firstLine(dump?.stderr ?? '') || 'no config dump'})
    }
  }
  return {installed: true, binary: v.attrs.path, version, defaultUser, test, config}
}

/**
 * A non-root `nginx -t` fails on the pid file and logs (13: Permission denied)
 * whatever the config: that run proves nothing, so it is a partial fact, not
 * a failed test.
 */
function nginxTest(rc: number | null, stderr: string, uid: number | undefined, partial: PartialFact[]): CommandRun | null {
  if (rc === null) return null
  if (rc !== 0 && uid !== undefined && uid !== 0 && /\(13: Permission denied\)/.test(stderr)) {
    const line = stderr.split('\n').find((l) => /Permission denied/.test(l)) ?? ''
    partial.push({fact: 'nginx-test', reason: `nginx -t needs root: ${line.trim()}`})
    return null
  }
  return {exitCode: rc, stdout: '', stderr}
}
