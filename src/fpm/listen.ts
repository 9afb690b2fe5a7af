/**
 * Kind of an FPM `listen` value. php-src fpm_sockets.c: a value containing no
 * ':' that is all digits is a port on every address; 'ADDR:PORT' / '[v6]:PORT'
 * is TCP; anything else is a unix socket path.
 */
export function listenKind(listen: string): 'unix' | 'tcp' {
  if (/^\d+$/.test(listen)) return 'tcp'
  if (listen.startsWith('/')) return 'unix'
  return /:\d+$/.test(listen) ? 'tcp' : 'unix'
}
