/** What commands use from src/report: render, decide the exit code, write files. */
export {EX_DATAERR, EX_USAGE, EXIT_CRITICAL, EXIT_OK, EXIT_UNREACHABLE, EXIT_WARNING, exitCode, type FailOn} from './exit-code.js'
export {expandHostRanges, foldHosts} from './fold-hosts.js'
export {FORMAT_NAMES, FORMATTERS, getFormatter, type FormatContext, type FormatDefinition, type Formatter, type SafeReport} from './formats/index.js'
export {nagiosExitCode} from './formats/nagios.js'
export {escapeControls, escapeHtml, escapeXml, isClean, oneLine, sanitizeDeep, sanitizeForTerminal, stripAnsi, stripXmlIllegal, type Sanitized} from './sanitize.js'
export {hostStatus, isUnreachable, recompute, summarize, summaryLine} from './status.js'
export {renderTable, type TableOptions} from './table.js'
export {writeOutputAtomic} from './write-output.js'
