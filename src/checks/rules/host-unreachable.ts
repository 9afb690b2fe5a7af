import type {TransportError, TransportErrorKind} from '../../transport/types.js'
import type {CheckMeta, Finding} from '../types.js'
import {formatMessage} from '../run-checks.js'

/** What to do for each way a host can be out of reach (the transport's classification). */
const FIX_BY_KIND: Record<TransportErrorKind, string> = {
  dns: 'The name does not resolve: fix the inventory address or DNS.',
  refused: 'Nothing accepts SSH there: is sshd running, is the port right, is a firewall in the way?',
  timeout: 'No answer in time: check the host is up and the network path (or raise --timeout).',
  auth: 'The server refused every key offered: check the user, the key (--identity, ssh-agent) and authorized_keys.',
  'host-key-unknown': 'The host key is not in known_hosts: verify it out of band, then add it (or run once with --accept-new).',
  'host-key-changed':
    'The host key differs from known_hosts: this is what a man-in-the-middle looks like. If the host was really reinstalled, verify the new fingerprint out of band and replace the old known_hosts line.',
  'host-key-revoked': 'The host presented a key marked @revoked in known_hosts: treat the host as compromised.',
  sudo: 'sudo asked for a password: give the user NOPASSWD for the probe, or connect as root.',
  protocol: 'The SSH session or the probe failed, or fleet could not judge what the host sent (the message says which): run `ssh HOST true` to compare; a judging failure is a fleet bug worth reporting.',
  aborted: 'The run was interrupted before this host was checked.',
}

export const hostUnreachableMeta: CheckMeta = {
  id: 'host/unreachable',
  severity: 'critical',
  summary: 'The host could not be checked (DNS, refused, timeout, auth, host key, sudo)',
  docs: {
    description:
      'fleet could not run its probe on the host, so nothing is known about its sites. The error kind says where it stopped: dns, refused, timeout, auth, host-key-unknown, host-key-changed, host-key-revoked, sudo or protocol.',
    symptom: 'Unknown: the host may be serving or down; an unreachable SSH often goes with an unreachable site.',
    fix: 'Follow the advice for the error kind; host keys are never accepted silently.',
    snippet: 'ssh -o StrictHostKeyChecking=yes deploy@web01 true\nssh-keygen -lf <(ssh-keyscan web01)',
  },
  messages: {
    unreachable: '{{kind}}: {{message}}',
  },
}

export function unreachableFinding(error: TransportError): Finding {
  return {
    check: hostUnreachableMeta.id,
    severity: hostUnreachableMeta.severity,
    messageId: 'unreachable',
    message: formatMessage(hostUnreachableMeta.messages.unreachable, {kind: error.kind, message: error.message}),
    evidence: [error.message],
    fix: FIX_BY_KIND[error.kind],
  }
}
