// Command-line options of the simulator: `--name value` pairs, each checked, so a
// typo stops the run with the option's name instead of simulating the wrong fleet.
const SPEC = {
  hosts: {parse: Number, check: (v) => Number.isInteger(v) && v >= 1 && v <= 5000, help: 'an integer 1..5000'},
  'first-address': {parse: String, check: (v) => /^127\.\d+\.\d+\.\d+$/.test(v), help: 'a 127.x.y.z address'},
  port: {parse: Number, check: (v) => Number.isInteger(v) && v > 0 && v < 65536, help: 'a TCP port'},
  'ports-from': {parse: Number, check: (v) => v === 0 || (Number.isInteger(v) && v > 1024 && v < 60000), help: 'a TCP port > 1024 (0 = one address per host)'},
  'authorized-key': {parse: String, check: (v) => v.length > 0, help: 'an OpenSSH public key file'},
  'known-hosts': {parse: String, check: (v) => v.length > 0, help: 'a file to write'},
  'hosts-json': {parse: String, check: (v) => v.length > 0, help: 'a file to write'},
  'delay-ms': {parse: Number, check: (v) => Number.isFinite(v) && v >= 0 && v <= 600_000, help: 'milliseconds 0..600000'},
  'fail-ratio': {parse: Number, check: (v) => v >= 0 && v <= 1, help: 'a ratio 0..1'},
  'hang-ratio': {parse: Number, check: (v) => v >= 0 && v <= 1, help: 'a ratio 0..1'},
  'max-seconds': {parse: Number, check: (v) => Number.isFinite(v) && v > 0 && v <= 86_400, help: 'seconds 1..86400'},
  fixtures: {parse: (v) => v.split(','), check: (v) => v.every((n) => /^[\w-]+$/.test(n)), help: 'comma-separated fixture names'},
}

const DEFAULTS = {
  'first-address': '127.0.1.1',
  port: 22,
  'ports-from': 0,
  'delay-ms': 300,
  'fail-ratio': 0,
  'hang-ratio': 0,
  fixtures: [],
  'max-seconds': 3600,
}

const REQUIRED = ['hosts', 'authorized-key', 'known-hosts', 'hosts-json']

export function parseOptions(argv) {
  const options = {...DEFAULTS}
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '')
    const spec = SPEC[name]
    if (!argv[i].startsWith('--') || !spec) throw new Error(`sim: unknown option ${argv[i]}`)
    if (i + 1 >= argv.length) throw new Error(`sim: option --${name} needs a value (${spec.help})`)
    const value = spec.parse(argv[i + 1])
    if (!spec.check(value)) throw new Error(`sim: option --${name}: ${JSON.stringify(argv[i + 1])} is not ${spec.help}`)
    options[name] = value
  }
  for (const name of REQUIRED) if (options[name] === undefined) throw new Error(`sim: option --${name} is required`)
  if (options['fail-ratio'] + options['hang-ratio'] > 1) throw new Error('sim: --fail-ratio plus --hang-ratio exceeds 1')
  return options
}
