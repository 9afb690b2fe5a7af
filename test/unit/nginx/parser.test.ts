import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseConfig, stripIfParens} from '../../../src/nginx/parser.js'
import {fixtureDir} from './fixtures.js'

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]))

describe('parseConfig', () => {
  it('builds a tree with block, args and line of each directive', () => {
    const {parsed, errors} = parseConfig('http {\n  server {\n    listen 80;\n    location = /x { return 200 "a;b"; }\n  }\n}\n', 'f')
    expect(errors).toEqual([])
    const server = parsed[0].block![0]
    expect(server).toMatchObject({directive: 'server', line: 2, file: 'f'})
    expect(server.block![1]).toMatchObject({directive: 'location', args: ['=', '/x'], line: 4})
    expect(server.block![1].block![0].args).toEqual(['200', 'a;b'])
  })

  it('parses map/geo bodies as key/value directives without validating them', () => {
    const {parsed, errors} = parseConfig('map $a $b {\n default 0;\n "" 1;\n ~^x\\d 2;\n}\n', 'f')
    expect(errors).toEqual([])
    expect(parsed[0].block!.map((d) => [d.directive, ...d.args])).toEqual([['default', '0'], ['', '1'], ['~^x\\d', '2']])
  })

  it('strips if parentheses like crossplane', () => {
    const {parsed} = parseConfig('if ( $request_method = POST ) { return 405; }\nif ($slow) {}\n', 'f')
    expect(parsed.map((d) => d.args)).toEqual([['$request_method', '=', 'POST'], ['$slow']])
    expect(stripIfParens(['(', '$a', ')'])).toEqual(['$a'])
  })

  it('keeps what was read before the first error, like nginx stops there', () => {
    const {parsed, errors} = parseConfig('a 1;\nb 2;;\nc 3;\n', 'f')
    expect(parsed.map((d) => d.directive)).toEqual(['a', 'b'])
    expect(errors).toEqual([{file: 'f', line: 2, error: 'unexpected ";"'}])
  })
})

// Every broken config was run through the real `nginx -t` (record.sh); our
// first error must carry nginx's message and FILE:LINE.
describe('errors match real nginx -t', () => {
  const errorsDir = join(fixtureDir, 'errors')
  const cases = readdirSync(errorsDir).filter((n) => statSync(join(errorsDir, n)).isDirectory())
  it.each(cases)('%s', (name) => {
    const recorded = readFileSync(join(errorsDir, `${name}.nginx-t.txt`), 'utf8')
    const m = /\[emerg\] \d+#\d+: (.*) in \/tmp\/fleet-errors\/[^/]+\/(.+):(\d+)$/m.exec(recorded)
    expect(m, recorded).not.toBeNull()
    const [, message, file, line] = m!
    const ours = listFiles(join(errorsDir, name)).flatMap((path) => parseConfig(readFileSync(path, 'utf8'), relative(join(errorsDir, name), path)).errors)
    expect(ours).toEqual([{file, line: Number(line), error: message}])
  })
})
