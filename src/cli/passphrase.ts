import {createInterface} from 'node:readline'

import {escapeControls} from '../report/sanitize.js'

/**
 * Passphrase for an encrypted key: FLEET_SSH_PASSPHRASE, else a prompt on the TTY
 * naming the key file (never echoed), else nothing (that key is then not offered).
 * The transport asks at most once per key file; prompts never overlap.
 */
export function passphraseSource(
  env: NodeJS.ProcessEnv = process.env,
  prompt: (question: string) => Promise<string | undefined> = promptHidden,
): (file?: string) => Promise<string | undefined> {
  let queue: Promise<unknown> = Promise.resolve()
  return (file) => {
    if (env.FLEET_SSH_PASSPHRASE !== undefined) return Promise.resolve(env.FLEET_SSH_PASSPHRASE)
    // The key path comes from an inventory or ssh_config: the same sanitiser as every output.
    const answer = queue.then(() => prompt(`Passphrase for ${file === undefined ? 'SSH key' : escapeControls(file)}: `))
    queue = answer.catch(() => undefined)
    return answer
  }
}

async function promptHidden(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined
  return new Promise((resolve) => {
    const rl = createInterface({input: process.stdin, output: process.stderr, terminal: true})
    process.stderr.write(question)
    // Mute echo: readline writes typed characters through _writeToOutput.
    ;(rl as unknown as {_writeToOutput: (s: string) => void})._writeToOutput = () => undefined
    rl.question('', (value) => {
      process.stderr.write('\n')
      rl.close()
      resolve(value)
    })
  })
}
