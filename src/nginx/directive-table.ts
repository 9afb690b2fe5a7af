/**
 * nginx knowledge as data (crossplane's analyzer.py style): defaults from
 * the directive reference, which directives merge as arrays, which contexts
 * inherit from main. Add rows, not branches.
 */

/** Documented defaults (nginx.org/en/docs) of directives the checks read. */
export const DIRECTIVE_DEFAULTS: Record<string, string[]> = {
  fastcgi_read_timeout: ['60s'],
  fastcgi_connect_timeout: ['60s'],
  fastcgi_send_timeout: ['60s'],
  proxy_read_timeout: ['60s'],
  proxy_connect_timeout: ['60s'],
  proxy_send_timeout: ['60s'],
  uwsgi_read_timeout: ['60s'],
  scgi_read_timeout: ['60s'],
  grpc_read_timeout: ['60s'],
  large_client_header_buffers: ['4', '8k'],
  client_header_buffer_size: ['1k'],
  client_max_body_size: ['1m'],
  client_body_timeout: ['60s'],
  client_header_timeout: ['60s'],
  keepalive_timeout: ['75s'],
  send_timeout: ['60s'],
  /** Relative to the nginx prefix (`--prefix`), not the conf directory. */
  root: ['html'],
  index: ['index.html'],
  error_log: ['logs/error.log', 'error'],
  access_log: ['logs/access.log', 'combined'],
  user: ['nobody', 'nobody'],
}

/**
 * Directives stored as one array per level: a level that sets ANY of the
 * group replaces everything inherited (ngx_conf_merge_ptr_value on the
 * array), e.g. one `fastcgi_param` in a location drops all http-level ones.
 */
const ARRAY_GROUPS: string[][] = [
  ['fastcgi_param'],
  ['uwsgi_param'],
  ['scgi_param'],
  ['proxy_set_header'],
  ['grpc_set_header'],
  ['add_header'],
  ['add_trailer'],
  ['fastcgi_hide_header'],
  ['proxy_hide_header'],
  ['fastcgi_pass_header'],
  ['proxy_pass_header'],
  ['access_log'],
  ['error_log'],
  ['allow', 'deny'],
  ['ssl_certificate'],
  ['ssl_certificate_key'],
  ['set_real_ip_from'],
  ['error_page'],
]

const GROUP_OF = new Map(ARRAY_GROUPS.flatMap((group) => group.map((name) => [name, group] as const)))

export const arrayGroup = (directive: string): string[] | undefined => GROUP_OF.get(directive)

/** Directives whose main-context value is inherited by http (others start at http). */
export const MAIN_INHERITED = new Set(['error_log'])

/** Blocks whose directives inherit down into servers/locations. */
export const TOP_CONTEXTS = new Set(['http', 'stream'])

/** Location modifiers: separate argument, or glued to the pattern (nginx accepts `=/x`, `~x`, `~*x`). */
export const LOCATION_MODIFIERS = ['=', '~*', '~', '^~', '@'] as const
export type LocationModifier = (typeof LOCATION_MODIFIERS)[number] | ''
export const GLUED_MODIFIERS = ['~*', '=', '~', '@'] as const

/** Upstream-passing directives: URL schemes they accept, with the scheme's default port. */
export const PASS_DIRECTIVES: Record<string, {schemes: Record<string, number>; uri: boolean}> = {
  fastcgi_pass: {schemes: {}, uri: false},
  scgi_pass: {schemes: {}, uri: false},
  uwsgi_pass: {schemes: {'uwsgi://': 0, 'suwsgi://': 0}, uri: false},
  grpc_pass: {schemes: {'grpc://': 80, 'grpcs://': 443}, uri: false},
  proxy_pass: {schemes: {'http://': 80, 'https://': 443}, uri: true},
}

/** Log destinations that are not files on disk. */
export const NON_FILE_LOGS = [/^off$/, /^syslog:/, /^stderr$/, /^\/dev\//, /^memory:/]

/** access_log arguments after the path that are options, not a format name. */
export const ACCESS_LOG_OPTIONS = /^(buffer|gzip|flush|if)(=|$)/
