/** Writes stdin (a string, or chunks in order) and EOF. */
export function writeStdin(stream: NodeJS.WritableStream, stdin: string | readonly Uint8Array[] | undefined): void {
  if (typeof stdin === 'string' || stdin === undefined) {
    stream.end(stdin ?? '')
    return
  }
  for (const chunk of stdin) stream.write(chunk)
  stream.end()
}
