<?php
// Memory-hungry endpoint: the oom-kill fault needs the kernel, not PHP's
// memory_limit, to stop it, so the limit is lifted here on purpose.
ini_set('memory_limit', '-1');
$mb = max(1, min(4096, (int)($_GET['mb'] ?? 64)));
$blocks = [];
for ($i = 0; $i < $mb; $i++) {
    $blocks[] = str_repeat(chr(65 + $i % 26), 1024 * 1024); // touch every page
}
header('Content-Type: text/plain');
echo "allocated $mb MB\n";
