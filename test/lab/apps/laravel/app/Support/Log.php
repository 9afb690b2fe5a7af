<?php
namespace App\Support;

// Monolog's LineFormatter as Laravel configures it:
// "[%datetime%] %channel%.%level_name%: %message% %context% %extra%\n",
// inline line breaks allowed, empty context/extra dropped.
final class Log
{
    const FILE = __DIR__ . '/../../storage/logs/laravel.log';

    public static function write(string $level, string $message, array $context = []): void
    {
        $ctx = $context ? json_encode($context, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) : '';
        $ctx = str_replace(['\r', '\n'], ["\r", "\n"], $ctx);
        $line = sprintf("[%s] production.%s: %s %s \n", date('Y-m-d H:i:s'), $level, $message, $ctx);
        file_put_contents(self::FILE, $line, FILE_APPEND | LOCK_EX);
    }

    public static function exception(\Throwable $e): void
    {
        $normalized = '[object] (' . get_class($e) . '(code: ' . $e->getCode() . '): ' . $e->getMessage()
            . ' at ' . $e->getFile() . ':' . $e->getLine() . ")\n[stacktrace]\n" . $e->getTraceAsString() . "\n";
        self::write('ERROR', $e->getMessage(), ['exception' => $normalized]);
    }
}
