/** crossplane-shaped nginx config tree: every directive knows its FILE:LINE. */
export interface NginxDirective {
  directive: string
  args: string[]
  file: string
  line: number
  /** Present on block directives (`http`, `server`, `location`, `if`, `map`, ...). */
  block?: NginxDirective[]
  /** On `include`: the dumped files it matched, in nginx's order (sorted glob). */
  includes?: string[]
}

export interface NginxParseError {
  file: string
  line: number | null
  error: string
}

export interface NginxConfigFile {
  file: string
  parsed: NginxDirective[]
  errors: NginxParseError[]
}

export interface NginxConfig {
  /** Main config file (first file of the dump). */
  main: string
  /** nginx prefix used to resolve relative include paths (dirname of main by default). */
  prefix: string
  /** Every file of the dump, parsed on its own, in dump order. */
  files: NginxConfigFile[]
  /** The main file's tree with includes inlined (each directive keeps its own file/line). */
  tree: NginxDirective[]
  errors: NginxParseError[]
}
