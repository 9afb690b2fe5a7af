<?php
// Slow endpoint: lab faults use it to hit timeouts, slowlog and max_children.
$s = max(0, min(600, (int)($_GET['s'] ?? 1)));
sleep($s);
header('Content-Type: text/plain');
echo "slept $s\n";
