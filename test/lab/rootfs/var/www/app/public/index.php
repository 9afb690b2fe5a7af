<?php
// Front controller: proves nginx -> FPM -> PHP works end to end on this host.
header('Content-Type: text/plain');
echo gethostname(), " ok\n";
