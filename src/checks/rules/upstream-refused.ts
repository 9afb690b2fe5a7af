import type {HostFacts} from '../../probe/facts.js'
import type {Check} from '../types.js'
import {groupBy} from '../log-group.js'
import {upstreamEventsOf} from '../log-nginx-upstream.js'
import {describeListener, listenersFor, parseLoggedAddress, passDirectivesFor, type LoggedAddress} from '../log-upstream-target.js'
import {countText, describeWindow, logUnavailable, noteLogGaps, plural} from '../log-window.js'
import {describeStat, statOf} from '../upstream-sockets.js'

/** What the state of the target NOW says about the refusals, first match wins. */
const REFUSAL_STATES: Array<{when: (facts: HostFacts, address: LoggedAddress) => boolean; why: string}> = [
  {when: (facts) => facts.listeners.length === 0, why: 'listeners were not collected, so whether anything listens now is unknown'},
  {when: (facts, address) => listenersFor(facts, address).length > 0, why: 'something listens there now: it was down or restarting at the time'},
  {
    when: (facts, address) => address.kind === 'unix' && statOf(facts, address.path)?.exists === true,
    why: 'stale socket: the file exists but no process listens on it (its FPM pool died or moved)',
  },
  {when: (_facts, address) => address.kind === 'unix', why: 'the socket file is gone now (see upstream/socket-missing)'},
  {when: () => true, why: 'nothing listens on that port now'},
]

export const upstreamRefused: Check = {
  needs: ['nginx-error-log'],
  meta: {
    id: 'upstream/refused',
    severity: 'critical',
    summary: 'nginx connections to an upstream were refused (nothing listening)',
    docs: {
      description:
        'nginx tried to connect to its upstream and the kernel answered ECONNREFUSED: no process listens on that TCP port, or a unix socket file is left over from a process that is gone (a stale socket).',
      symptom: '502 Bad Gateway; nginx logs `connect() failed (111: Connection refused) while connecting to upstream`.',
      fix: 'Start the FPM pool (or backend) that should listen there, or point fastcgi_pass at the address a running pool listens on (`ss -xlpn`, `ss -ltnp`).',
      snippet: '# nginx\nfastcgi_pass 127.0.0.1:9000;\n# pool.d/www.conf\nlisten = 127.0.0.1:9000\n# check: ss -ltnp | grep 9000',
    },
    messages: {
      refused: '{{count}} to {{address}} refused in the last {{window}}: {{why}}{{at}}',
    },
  },
  run(facts, context) {
    const unavailable = logUnavailable(facts, 'nginxError')
    if (unavailable === 'absent') return
    if (unavailable) return context.skip(unavailable)
    noteLogGaps(facts, 'nginxError', context)
    const events = upstreamEventsOf(facts, 'refused')
    for (const [logged, group] of groupBy(events, (event) => event.event.address ?? event.event.upstream ?? '?')) {
      const address = parseLoggedAddress(logged)
      const last = group[group.length - 1]
      const passes = passDirectivesFor(facts, address)
      const listeners = listenersFor(facts, address)
      context.report({
        messageId: 'refused',
        data: {
          count: plural(countText(group.length, facts.logs.nginxError), 'connection'),
          address: logged,
          window: describeWindow(facts.windowSeconds),
          why: REFUSAL_STATES.find((state) => state.when(facts, address))!.why,
          at: passes.length > 0 ? ` (${passes[0].split(': ')[0]})` : '',
        },
        evidence: [
          last.entry.raw,
          ...passes.slice(0, 2),
          ...(listeners.length > 0 ? listeners.map(describeListener) : [`no listener on ${logged} in ss output`]),
          ...(address.kind === 'unix' ? [describeStat(statOf(facts, address.path), address.path)] : []),
        ],
      })
    }
  },
}
