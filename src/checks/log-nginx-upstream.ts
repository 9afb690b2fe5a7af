import {classifyNginxError, type NginxClassification} from '../logs/classify-nginx.js'
import type {NginxErrorEntry} from '../logs/index.js'
import type {HostFacts} from '../probe/facts.js'
import {windowedLogs, type Located} from './windowed-logs.js'

/** One nginx error-log line inside the window that reports an upstream failure. */
export interface UpstreamEvent {
  entry: Located<NginxErrorEntry>
  event: NginxClassification
}

const cache = new WeakMap<HostFacts, UpstreamEvent[]>()

/** Upstream failure lines in the window, classified once per host (classes: NGINX_ERROR_CLASSES). */
export function upstreamEvents(facts: HostFacts): UpstreamEvent[] {
  let events = cache.get(facts)
  if (!events) {
    events = windowedLogs(facts).nginxError.flatMap((entry) => {
      const event = classifyNginxError(entry)
      return event ? [{entry, event}] : []
    })
    cache.set(facts, events)
  }
  return events
}

export function upstreamEventsOf(facts: HostFacts, kind: string): UpstreamEvent[] {
  return upstreamEvents(facts).filter(({event}) => event.class === kind)
}
