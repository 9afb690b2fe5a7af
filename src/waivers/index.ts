export {applyWaivers, isoDay, waiverExpiredMeta, waiverProblems, type ApplyOptions, type WaiverContext} from './apply.js'
export {compileHostPattern, globToRegExp, type HostMatcher} from './host-pattern.js'
export {isIsoDate, loadWaivers, parseWaivers, WaiverFileError} from './load.js'
export {WAIVER_EXPIRED_CHECK, type Waiver} from './types.js'
