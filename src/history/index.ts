export {changedPart, diffReports, findingIdentity, onlyChanges} from './diff.js'
export {defaultStateDir, runFile, selectionKey} from './paths.js'
export {HistoryError} from './schema.js'
export {lastCheckedAt, loadLastRun, saveRun, type HistoryOptions, type SaveOptions, type StoredRun} from './store.js'
