import {createInterface} from 'node:readline'

/**
 * Passphrase for encrypted keys: FLEET_SSH_PASSPHRASE, else a prompt on the TTY
 * (never echoed), else nothing. Asked at most once per run.
 */
export function passphraseSource(): () => Promise<string | undefined> {
  let answer: Promise<string | undefined> | undefined
  return () => {
    answer ??= readPassphrase()
    return answer
  }
}

async function readPassphrase(): Promise<string | undefined> {
  const fromEnv = process.env.FLEET_SSH_PASSPHRASE
  if (fromEnv !== undefined) return fromEnv
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined
  return new Promise((resolve) => {
    const rl = createInterface({input: process.stdin, output: process.stderr, terminal: true})
    process.stderr.write('Passphrase for SSH key: ')
    // Mute echo: readline writes typed characters through _writeToOutput.
    ;(rl as unknown as {_writeToOutput: (s: string) => void})._writeToOutput = () => undefined
    rl.question('', (value) => {
      process.stderr.write('\n')
      rl.close()
      resolve(value)
    })
  })
}
