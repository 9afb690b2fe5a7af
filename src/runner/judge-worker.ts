// A judging thread (judge-pool.ts): parses a host's probe output into facts and judges
// them with the `judge` the pool names, so the main thread only talks SSH.
import {parentPort, workerData} from 'node:worker_threads'

import type {HostSpec} from '../inventory/types.js'
import {parseProbeBytes, type ProbeOutput, type ProbeResult} from './run-host.js'

interface Job {
  id: number
  host: HostSpec
  probe: ProbeOutput
}

const {judge} = (await import(workerData.module as string)) as {judge(host: HostSpec, result: ProbeResult): unknown}
const port = parentPort!

port.on('message', ({id, host, probe}: Job) => {
  try {
    port.postMessage({id, value: judge(host, parseProbeBytes(probe))})
  } catch (error) {
    port.postMessage({id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error)})
  }
})
