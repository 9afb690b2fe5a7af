import type {FleetCheck, FleetGroup, GroupMember} from '../fleet/types.js'

/** Below this many hosts "the value most hosts have" says nothing: two hosts that differ cannot tell which one missed the push. */
export const MIN_GROUP_HOSTS = 3
/** Hosts named in evidence for the majority; the count says how many there are. */
const HOSTS_SHOWN = 5
/**
 * Findings per host and group: a host with thousands of vhosts its peers lack (or that
 * claims them, hostile) gets the first ones and one line counting the rest, not thousands.
 */
export const MAX_FINDINGS_PER_HOST = 20

export const fleetConfigDrift: FleetCheck = {
  meta: {
    id: 'fleet/config-drift',
    severity: 'warning',
    summary: 'a host of a group runs a setting the checks depend on with another value than most hosts of its group',
    docs: {
      description:
        "Within each inventory group of the selected hosts (a host in several groups is compared within each), the effective value of every setting the other checks depend on is compared across hosts: per location that passes to an upstream, the upstream addresses, `fastcgi_read_timeout`, `large_client_header_buffers` and `client_max_body_size` (nginx's inheritance applied, defaults included); per FPM pool, `listen`, every `pm.*` key, `request_terminate_timeout` and `php_admin_value[memory_limit]` / `php_value[memory_limit]`. A host whose value differs from the value more than half of the group's hosts have is reported with the majority value, how many hosts have it, and its own value with FILE:LINE: the push that missed a host, which then answers 502/504/413 where its peers do not. A setting where no value is held by more than half of the hosts is said once for the group, on its first host, not once per host. Groups of fewer than 3 hosts are not judged: with two hosts that differ there is no majority to say which one is wrong. Hosts whose configuration could not be read are left out of the count.",
      symptom:
        'Errors (502, 504, 413 Request Entity Too Large, 400 Request Header Or Cookie Too Large) on some hosts of a pool of identical web servers and not on the others; the same request succeeds when the load balancer sends it elsewhere.',
      fix: 'Push the configuration again to the host named (or fix the source of truth if the majority is the stale side), then `fleet reload` it; `fleet diff HOST OTHER` shows every other difference with FILE:LINE on both sides.',
      snippet: '$ fleet diff web03 web01\n~ http > server[shop] > location[~ \\.php$] fastcgi_read_timeout\n  web03: 60s   /etc/nginx/sites-enabled/shop:14\n  web01: 300s  /etc/nginx/sites-enabled/shop:14',
    },
    messages: {
      drift: '{{setting}} is {{value}} ({{at}}) here; {{majority}} on {{count}} of {{total}} hosts of group {{group}}',
      noMajority: '{{setting}}: no value is shared by most of the {{total}} hosts of group {{group}} ({{values}} values)',
      more: '{{count}} more settings differ from the majority of group {{group}} (not listed; `fleet diff` shows them all)',
    },
  },
  run(groups, context) {
    for (const group of groups) judgeGroup(group, context)
  },
}

function judgeGroup(group: FleetGroup, context: Parameters<FleetCheck['run']>[1]): void {
  const members = group.members.filter((member): member is GroupMember & {settings: NonNullable<GroupMember['settings']>} => member.settings !== null)
  if (members.length < MIN_GROUP_HOSTS) return
  const keys = new Set(members.flatMap((member) => member.settings.map((setting) => setting.key)))
  const reported = new Map<string, number>()
  const report: typeof context.report = (host, finding) => {
    const count = (reported.get(host) ?? 0) + 1
    reported.set(host, count)
    if (count <= MAX_FINDINGS_PER_HOST) context.report(host, finding)
  }
  const byHost = new Map(members.map((member) => [member.host, new Map(member.settings.map((setting) => [setting.key, setting]))]))
  for (const key of [...keys].sort()) {
    // A host that lacks the setting (no such pool or location) counts as its own value.
    const values = new Map<string, string[]>()
    for (const member of members) {
      const value = byHost.get(member.host)?.get(key)?.value ?? NOT_SET
      const hosts = values.get(value)
      if (hosts) hosts.push(member.host)
      else values.set(value, [member.host])
    }
    if (values.size === 1) continue
    const [majority, majorityHosts] = [...values.entries()].sort((a, b) => b[1].length - a[1].length)[0]
    const total = members.length
    if (majorityHosts.length * 2 <= total) {
      const first = members[0].host
      report(first, {
        messageId: 'noMajority',
        data: {setting: key, total, group: group.name, values: values.size},
        evidence: members.map((member) => describe(member.host, byHost.get(member.host)?.get(key))),
      })
      continue
    }
    const example = byHost.get(majorityHosts[0])?.get(key)
    for (const member of members) {
      if (majorityHosts.includes(member.host)) continue
      const own = byHost.get(member.host)?.get(key)
      report(member.host, {
        messageId: 'drift',
        data: {setting: key, value: own?.value ?? NOT_SET, at: own?.at ?? '-', majority, count: majorityHosts.length, total, group: group.name},
        evidence: [
          describe(member.host, own),
          describe(majorityHosts[0], example),
          `majority: ${majorityHosts.slice(0, HOSTS_SHOWN).join(', ')}${majorityHosts.length > HOSTS_SHOWN ? ` and ${majorityHosts.length - HOSTS_SHOWN} more` : ''}`,
        ],
      })
    }
  }
  for (const [host, count] of reported) {
    if (count > MAX_FINDINGS_PER_HOST) context.report(host, {messageId: 'more', data: {count: count - MAX_FINDINGS_PER_HOST, group: group.name}})
  }
}

const NOT_SET = '(not configured)'

function describe(host: string, setting: {value: string; at: string} | undefined): string {
  return setting ? `${host}: ${setting.value} (${setting.at})` : `${host}: ${NOT_SET}`
}
