import type {Check} from '../types.js'

/** zlog's line: `[25-Nov-2026 18:12:17] ERROR: MESSAGE` (php-src sapi/fpm/fpm/zlog.c). */
const FPM_LINE = /^\[[^\]]+\] (ERROR|ALERT): (.*)$/

/**
 * Where FPM names the place at fault, most specific first (fpm_conf.c):
 * `[FILE:LINE] unknown entry ...` from the ini parser, then
 * `Unable to include FILE from MAIN at line N` for the include that pulled it in.
 */
const WHERE_PATTERNS: RegExp[] = [
  /^\[(?<file>\/[^\]]+):(?<line>\d+)\] /,
  /^Unable to (?:include|globalize) \S+ (?:\(ret=\d+\) )?from (?<file>\/\S+) at line (?<line>\d+)/,
]

/** fpm_conf.c `fpm_conf_init_main` on success with -t/-tt. */
const TEST_PASSED = /NOTICE: configuration file \S+ test is successful/

/** Lines that only say "it failed" once the real cause was logged. */
const FOLLOW_UPS = [/^failed to (?:load|post process) the configuration/, /^FPM initialization failed$/, /^Unable to include /]

export const fpmConfigInvalid: Check = {
  needs: ['fpm-test'],
  meta: {
    id: 'fpm/config-invalid',
    severity: 'critical',
    summary: '`php-fpmX.Y -t` fails: the next restart of FPM will not come up',
    docs: {
      description:
        'The PHP-FPM configuration on disk does not pass `php-fpmX.Y -t`. A running FPM master keeps its old configuration, but the next restart, reload or reboot fails and every pool (and its socket) is gone.',
      symptom:
        'Today: nothing, or stale behaviour. After a restart: 502 Bad Gateway on every PHP page (nginx logs `connect() to unix:... failed (2: No such file or directory)`).',
      fix: 'Fix the setting named by the ERROR line (FILE:LINE when FPM says it), run `php-fpmX.Y -t` until it says "test is successful", then restart the service.',
      snippet:
        "php-fpm8.2 -t\n# ERROR: [/etc/php/8.2/fpm/pool.d/www.conf:115] unknown entry 'pm.max_chidlren'\nsystemctl restart php8.2-fpm",
    },
    messages: {
      invalid: '{{binary}} -t fails: {{message}}{{where}}',
    },
  },
  run(facts, context) {
    for (const install of facts.fpm) {
      const {test} = install
      if (!test) {
        if (install.service.installed) context.skip(`${install.binary} -t could not be run`)
        continue
      }
      const lines = test.stderr.split('\n').map((line) => line.trim()).filter(Boolean)
      const errors = lines.flatMap((line) => {
        const match = FPM_LINE.exec(line)
        return match ? [{line, message: match[2]}] : []
      })
      // The exit status alone is not trusted: a pipeline around -tt can report sed's 0.
      const failed = test.exitCode !== 0 || (errors.length > 0 && !lines.some((line) => TEST_PASSED.test(line)))
      if (!failed) continue
      const cause = errors.find((error) => !FOLLOW_UPS.some((re) => re.test(error.message))) ?? errors[0]
      const where = errors.map((error) => WHERE_PATTERNS.map((re) => re.exec(error.message)?.groups).find(Boolean)).find(Boolean)
      context.report({
        messageId: 'invalid',
        data: {
          binary: install.binary,
          // FPM prints [FILE:LINE] inside the message; it moves to the end so the message reads the same way as nginx's.
          message: cause ? cause.message.replace(WHERE_PATTERNS[0], '') : (lines[0] ?? `exit code ${test.exitCode}`),
          where: where ? ` in ${where.file}:${where.line}` : '',
        },
        evidence: (errors.length > 0 ? errors.map((error) => error.line) : lines).slice(0, 5),
      })
    }
  },
}
