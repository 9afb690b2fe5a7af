<?php
// A Laravel-layout front controller: routes a few paths and, like Laravel's
// exception handler, writes what it throws to storage/logs/laravel.log in
// Monolog's line format before answering 500.
require __DIR__ . '/../app/Support/Log.php';
require __DIR__ . '/../app/Exceptions/PaymentFailed.php';
require __DIR__ . '/../app/Http/Controllers/CheckoutController.php';

date_default_timezone_set('UTC'); // config/app.php 'timezone' => 'UTC'
header('Content-Type: text/plain');
$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
try {
    switch ($path) {
        case '/login':
            App\Support\Log::write('INFO', 'User logged in.', ['user_id' => 42]);
            echo "welcome\n";
            break;
        case '/checkout':
            echo (new App\Http\Controllers\CheckoutController())->store();
            break;
        default:
            echo "home\n";
    }
} catch (Throwable $e) {
    App\Support\Log::exception($e);
    http_response_code(500);
    echo "Server Error\n";
}
