/** Questions checks ask of a parsed nginx config; one module per question. */
export {servers, type ServerInfo} from './servers.js'
export {locations, parseLocationArgs, type LocationInfo} from './locations.js'
export {effective, type EffectiveValue, type DirectiveValue} from './effective.js'
export {upstreamTargets, parseAddress, type UpstreamTarget, type UpstreamAddress} from './upstreams.js'
export {workerUser, type WorkerUser} from './worker-user.js'
export {logFiles, type LogFile} from './log-files.js'
export {parseDuration, parseSize} from './units.js'
export {parseListen, type ListenInfo} from './listen.js'
